"""Insights: the anonymity rules, payoff dashboards and the executive report."""
