"""Insights: surveys, anonymity, stories, ripple maps and dashboards."""
