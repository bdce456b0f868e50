"""What changed between two versions of a plan: priorities, outcomes and commitments."""

import re
from dataclasses import dataclass, field


def normalise(text):
    """Text as compared: case, spacing, quotes and closing punctuation do not count as changes."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    text = text.replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).strip().rstrip(".;:,").strip().casefold()


@dataclass
class TextChanges:
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.added or self.removed)


def compare_texts(old_items, new_items):
    """Items whose normalised text is in one list only; each side keeps its own order."""
    old_keys = {normalise(item.text) for item in old_items}
    new_keys = {normalise(item.text) for item in new_items}
    return TextChanges(
        added=[item for item in new_items if normalise(item.text) not in old_keys],
        removed=[item for item in old_items if normalise(item.text) not in new_keys],
    )


@dataclass
class PriorityComparison:
    """A priority in both versions, matched by its slug."""

    old: object
    new: object
    outcomes: TextChanges
    commitments: TextChanges
    # The version (old or new) that records no outcomes or commitments for this priority, if any:
    # its details were not entered, so the other's are not counted as added or removed.
    not_recorded_in: object = None

    @property
    def title_changed(self):
        return normalise(self.old.title) != normalise(self.new.title)

    @property
    def summary_changed(self):
        return normalise(self.old.summary) != normalise(self.new.summary)

    @property
    def changed(self):
        return self.title_changed or self.summary_changed

    @property
    def has_changes(self):
        return self.changed or bool(self.outcomes) or bool(self.commitments)


@dataclass
class PlanComparison:
    old: object
    new: object
    added: list
    removed: list
    matched: list

    @property
    def changed(self):
        return [match for match in self.matched if match.has_changes]

    @property
    def unchanged(self):
        return [
            match.new
            for match in self.matched
            if not match.has_changes and match.not_recorded_in is None
        ]

    @property
    def not_compared(self):
        """Priorities with no change of title or summary, whose outcomes and commitments one
        version does not record: neither the same nor changed, as far as the site knows."""
        return [
            match
            for match in self.matched
            if not match.has_changes and match.not_recorded_in is not None
        ]

    @property
    def has_changes(self):
        return bool(self.added or self.removed or self.changed)


def compare_plans(old, new):
    """
    Compare two plans whose priorities, outcomes and commitments are prefetched (no queries here).

    Priorities match by slug; outcomes and commitments by their normalised text within the
    matched priority.
    """
    old_priorities = {priority.slug: priority for priority in old.priorities.all()}
    new_priorities = {priority.slug: priority for priority in new.priorities.all()}
    matched = [
        compare_priorities(old, new, old_priorities[slug], priority)
        for slug, priority in new_priorities.items()
        if slug in old_priorities
    ]
    return PlanComparison(
        old=old,
        new=new,
        added=[p for slug, p in new_priorities.items() if slug not in old_priorities],
        removed=[p for slug, p in old_priorities.items() if slug not in new_priorities],
        matched=matched,
    )


def compare_priorities(old_plan, new_plan, old, new):
    """One priority in two versions. A version with no outcome and no commitment for the priority
    has not had them entered (a plan's priority always has some): the other version's are not
    counted as added or removed."""
    old_outcomes, new_outcomes = list(old.outcomes.all()), list(new.outcomes.all())
    old_commitments, new_commitments = list(old.commitments.all()), list(new.commitments.all())
    if not (old_outcomes or old_commitments):
        not_recorded_in = old_plan
    elif not (new_outcomes or new_commitments):
        not_recorded_in = new_plan
    else:
        not_recorded_in = None
    if not_recorded_in is not None:
        return PriorityComparison(
            old=old,
            new=new,
            outcomes=TextChanges(),
            commitments=TextChanges(),
            not_recorded_in=not_recorded_in,
        )
    return PriorityComparison(
        old=old,
        new=new,
        outcomes=compare_texts(old_outcomes, new_outcomes),
        commitments=compare_texts(old_commitments, new_commitments),
    )
