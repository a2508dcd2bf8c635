"""Reminders: what is due (finders), in whose language (render), through which channel, sent once (deliveries)."""
