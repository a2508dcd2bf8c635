"""Messages to people who are not logged in: e-mail (mail.py) and, later, group robots and reminders."""
