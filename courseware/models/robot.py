"""A cohort's group robot: the WeCom, DingTalk or Feishu webhook its reminders are posted to."""
from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from courseware.extensions import db
from courseware.models.types import UtcDateTime, utcnow


class CohortRobot(db.Model):
    __tablename__ = "cohort_robots"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # wecom, dingtalk or feishu (notify/robots.py KINDS)
    webhook_url: Mapped[str] = mapped_column(String(500))
    # The signing secret (DingTalk 加签, Feishu 签名校验); "" when the robot has none. Stored as given, since
    # every message is signed with it; pages show only its last four characters.
    secret: Mapped[str] = mapped_column(String(200), default="")
    enabled: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)

    @property
    def masked_secret(self) -> str:
        return f"••••{self.secret[-4:]}" if self.secret else ""

    def __repr__(self) -> str:
        return f"<CohortRobot {self.kind} cohort={self.cohort_id}>"
