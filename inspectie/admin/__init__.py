"""Administration by the beheerder: users and organisations."""
