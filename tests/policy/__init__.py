"""Policy lines of the permission matrix, per feature."""
