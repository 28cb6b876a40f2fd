"""The demo office's training classes: one held last month with its attendance and leave, one
starting next week with a leave request waiting, so both pages have something to show."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import numpy as np

from learnhub import attendance, leave, training
from learnhub.calendar import WorkCalendar
from learnhub.store import Store

__all__ = ["add_demo_classes"]

CLASS_SIZE = 16
HELD_TITLE = "年轻干部能力提升培训班"
NEXT_TITLE = "公文写作与信息报送专题培训班"
TOPICS = (
    "开班动员与形势政策",
    "机关公文规范",
    "调查研究方法",
    "廉政教育专题",
    "保密工作常识",
    "结业交流",
)
ROLES = frozenset({"office"})


def _working_days_from(calendar: WorkCalendar, first: date, count: int) -> list[date]:
    days: list[date] = []
    day = first
    while len(days) < count:
        if calendar.is_working_day(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def add_demo_classes(
    store: Store, calendar: WorkCalendar, rng: np.random.Generator, today: date
) -> None:
    people = store.people.people()
    staff = people[people["roles"].str.contains("staff")]["id"].astype(int).tolist()
    trainer = int(people[people["username"] == "trainer"]["id"].iloc[0])
    office = int(people[people["username"] == "office"]["id"].iloc[0])
    members = staff[:CLASS_SIZE]
    first_of_month = today.replace(day=1)
    held_days = _working_days_from(
        calendar, (first_of_month - timedelta(days=1)).replace(day=10), 3
    )
    held = training.create_class(
        store, calendar, organiser_id=trainer, title=HELD_TITLE, category="综合",
        first_day=held_days[0], last_day=held_days[-1], location="机关三楼会议室",
        description="面向入职五年内干部，集中学习三天。",
    )  # fmt: skip
    training.add_members(store, held, members, actor_id=office, actor_roles=ROLES)
    sessions = store.training.sessions(held)
    for topic, session_id in zip(TOPICS, sessions["id"].astype(int), strict=False):
        training.update_class_session(
            store, session_id, actor_id=office, actor_roles=ROLES, topic=topic,
            lecturer_id=trainer, location="机关三楼会议室", lesson_ids=[], credit_hours=4,
        )  # fmt: skip
    for n, person in enumerate(members):
        for _, session in sessions.iterrows():
            # The first member is often away: the class shows the 1/7 leave warning.
            draw = rng.random()
            status = "present" if draw < 0.86 else ("late" if draw < 0.93 else "absent")
            if n == 0 and session["half_day"] == "am":
                status = "leave"
            at = datetime.combine(session["day"], time(14, 40))
            attendance.mark(store, int(session["id"]), person, status, actor_id=trainer, now=at)

    next_days = _working_days_from(calendar, today + timedelta(days=7), 2)
    upcoming = training.create_class(
        store, calendar, organiser_id=trainer, title=NEXT_TITLE, category="业务",
        first_day=next_days[0], last_day=next_days[-1], location="党校201教室",
    )  # fmt: skip
    training.add_members(store, upcoming, members, actor_id=office, actor_roles=ROLES)
    first_session = int(store.training.sessions(upcoming)["id"].iloc[0])
    now = datetime.combine(today, time(9, 0))
    if len(members) > 1:
        leave.request_leave(store, upcoming, members[1], [first_session], "当天需陪同上级调研", now)
