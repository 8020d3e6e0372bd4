"""What a command changed, recorded while it runs: no copy of the meeting, no diff.

Commands mutate the meeting in place. While one runs inside ``Journal.recording()``, every
assignment to a field of the meeting, of its timer or settings, or of one of its entities, and every
change to a collection's order, is recorded with the old value. The journal then says which rows to
write, what to log and what to send to each screen, and it can undo everything (a command refused
half-way through leaves the meeting exactly as it was).

The one rule this asks of a command: change state by assignment (``speaker.answers = [...]``),
never by mutating a nested list or dict in place, and change a collection only by ``append``,
``insert`` and ``remove``. ``EntityList`` refuses every other list mutation, and
``tests/pipeline/test_changes.py`` checks, over random command sequences, that the recorded changes
rebuild exactly the state that a full reload reads back.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ClassVar, TypeVar

_ACTIVE: ContextVar[Journal | None] = ContextVar("journal", default=None)
_MISSING = object()


def recording() -> bool:
    """Whether a command is running (its changes are being journaled)."""
    return _ACTIVE.get() is not None


class Tracked:
    """Base of the meeting and of its timer and settings: an assignment is a change of a field of
    the meeting (``_field`` names it for a nested value such as the timer)."""

    _field: ClassVar[str | None] = None

    def __setattr__(self, name: str, value: Any) -> None:
        journal = _ACTIVE.get()
        if journal is not None:
            journal._undo.append((self, name, self.__dict__.get(name, _MISSING)))
            journal.fields.add(self._field or name)
        object.__setattr__(self, name, value)


class Entity:
    """Base of the rows of a collection (stages, delegates, speakers, opinions), each with an ``id``
    that never changes: an assignment marks that entity and field as changed."""

    _collection: ClassVar[str]
    id: int  # declared by each entity's dataclass

    def __setattr__(self, name: str, value: Any) -> None:
        journal = _ACTIVE.get()
        if journal is not None:
            journal._undo.append((self, name, self.__dict__.get(name, _MISSING)))
            entity_id = value if name == "id" else self.__dict__["id"]
            journal.touched.setdefault(self._collection, {}).setdefault(entity_id, set()).add(name)
        object.__setattr__(self, name, value)


E = TypeVar("E", bound="Entity")


class EntityList(list[E]):
    """A collection of the meeting in display order, with lookup by id.

    Only ``append``, ``insert`` and ``remove`` (by identity) change it, so that every change to its
    order is journaled; the other list mutators are refused.
    """

    __slots__ = ("name", "_by_id")

    def __init__(self, items: Iterable[E] = (), name: str = ""):
        super().__init__(items)
        self.name = name
        self._by_id: dict[int, E] | None = None

    def __reduce__(self):  # copy.deepcopy and pickle: rebuild through __init__
        return (EntityList, (list(self), self.name))

    def get(self, entity_id: int | None) -> E | None:
        """The entity with this id, or None."""
        if self._by_id is None:
            self._by_id = {item.id: item for item in self}
        return self._by_id.get(entity_id)  # type: ignore[arg-type]

    def _changing(self, appending: bool) -> None:
        journal = _ACTIVE.get()
        if journal is not None:
            journal._reordering(self, appending)

    def append(self, item: E) -> None:
        self._changing(True)
        super().append(item)
        if self._by_id is not None:
            self._by_id[item.id] = item

    def insert(self, index: int, item: E) -> None:  # type: ignore[override]
        self._changing(False)
        super().insert(index, item)
        if self._by_id is not None:
            self._by_id[item.id] = item

    def position(self, item: Any) -> int:
        """Where this very object is (``list.index`` compares by value: every field of every entity
        before it)."""
        index = next((i for i, x in enumerate(self) if x is item), None)
        if index is None:
            raise ValueError("not in the collection")
        return index

    def remove(self, item: Any) -> None:
        """Remove this very object."""
        index = self.position(item)
        self._changing(False)
        super().__delitem__(index)
        if self._by_id is not None:
            self._by_id.pop(item.id, None)

    def move(self, item: Any, before: Any | None) -> None:
        """Put ``item`` in front of ``before`` (another of the collection), or at the end if None."""
        self.remove(item)
        if before is None:
            self.append(item)
        else:
            self.insert(self.position(before), item)

    def _restore(self, items: list[E]) -> None:
        list.clear(self)
        list.extend(self, items)
        self._by_id = None

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("a meeting's collection changes only by append, insert and remove")

    extend = pop = clear = sort = reverse = __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse


class Order:
    """How one collection's order changed during a command."""

    def __init__(self, items: EntityList):
        self.items = items
        self.length = len(items)  # the length before the command
        self.before: list[Any] | None = None  # the items before, once something else than an append happened

    @property
    def appends_only(self) -> bool:
        return self.before is None

    def ids_before(self) -> list[int]:
        items = self.before if self.before is not None else list.__getitem__(self.items, slice(0, self.length))
        return [item.id for item in items]


class Journal:
    """The changes of one command: meeting fields assigned, entities touched (with their fields),
    collections whose order changed; and how to undo them."""

    def __init__(self) -> None:
        self.fields: set[str] = set()
        self.touched: dict[str, dict[int, set[str]]] = {}
        self.orders: dict[str, Order] = {}
        self._undo: list[tuple[Any, str | None, Any]] = []

    @contextmanager
    def recording(self) -> Iterator[Journal]:
        """Record the changes made inside the block; undo them all if it raises."""
        token = _ACTIVE.set(self)
        try:
            yield self
        except BaseException:
            _ACTIVE.reset(token)
            self.undo()
            raise
        _ACTIVE.reset(token)

    def _reordering(self, items: EntityList, appending: bool) -> None:
        order = self.orders.get(items.name)
        if order is None:
            order = self.orders[items.name] = Order(items)
            self._undo.append((order, None, None))
        if not appending and order.before is None:
            # Only appends happened so far: the items before are the first ``length`` ones.
            order.before = list.__getitem__(items, slice(0, order.length))

    def undo(self) -> None:
        """Put every recorded assignment and order back, newest first."""
        for target, name, old in reversed(self._undo):
            if isinstance(target, Order):
                before = target.before
                if before is None:
                    before = list.__getitem__(target.items, slice(0, target.length))
                target.items._restore(before)
            elif old is not _MISSING:  # _MISSING: an object made during the command, now unused
                object.__setattr__(target, name, old)
        self._undo.clear()
