"""The organisation model."""

from datetime import datetime

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from inspectie.db import Base, UTCDateTime, utcnow
from inspectie.vocab import ORGANISATION_KINDS, sql_in


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        CheckConstraint(sql_in("kind", ORGANISATION_KINDS), name="kind"),
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
    )

    @property
    def kind_label(self) -> str:
        return ORGANISATION_KINDS[self.kind]

    @property
    def is_inspectorate(self) -> bool:
        return self.kind == "inspectie"

    def __repr__(self) -> str:
        return f"<Organisation {self.name!r}>"
