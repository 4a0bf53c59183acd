"""Accounts: sign-up, log-in, profile, password and account deletion."""
