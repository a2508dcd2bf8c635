"""Real servers the tests start: PostgreSQL, SMTP (aiosmtpd), Redis, and a receiver playing the group robots."""
