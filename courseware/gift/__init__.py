"""GIFT, Moodle's plain-text quiz format: reading it into our banks and writing our banks out."""
