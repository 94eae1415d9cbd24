"""The one app of the live service: a slice of Campfire's accounting ledger."""
