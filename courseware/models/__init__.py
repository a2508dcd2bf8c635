"""Database models, one file per domain; importing this package registers them all."""
from courseware.models.cohort import Cohort, cohort_trainers
from courseware.models.progress import ReadingPosition, SectionRead
from courseware.models.user import ROLES, Role, User

__all__ = ["ROLES", "Cohort", "ReadingPosition", "Role", "SectionRead", "User", "cohort_trainers"]
