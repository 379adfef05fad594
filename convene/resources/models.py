"""Resources for community projects: parameters, requests, approvals and the ledger."""
