"""Reception locations: the sites the inspectorate supervises."""
