"""`record`: the frozen data classes of the status path, without `dataclasses`.

`smallwins status` with no cache imports the model, the replay and the
loading of the file; `dataclasses` imports `inspect` (and with it `ast`,
`dis`, `tokenize`), which cost about as much as the rest of those imports
together.  `record` makes the same classes `@dataclass(frozen=True)` would:
the same `__init__` (defaults, `field(default_factory=...)`,
`__post_init__`), `__repr__`, `__eq__` (a tuple of the compared fields, same
class only), `__hash__`, `__match_args__`, optional `__slots__`, and
assignment refused.  Its methods are generated in one small `exec` per
class, so they run as fast as the dataclass ones.

They stay dataclasses for whoever asks: `dataclasses.fields`, `replace`,
`asdict` and `is_dataclass` work through `__dataclass_fields__`, which
imports `dataclasses` the first time it is read.  Type checkers see them as
dataclasses through `typing.dataclass_transform`.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar, dataclass_transform, overload

    T = TypeVar("T")
else:
    def dataclass_transform(**_kwargs: object) -> object:
        return lambda decorated: decorated

    def overload(decorated: object) -> object:
        return decorated


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()
"""No default: the field must be given."""


class FrozenRecordError(AttributeError):
    """An assignment to a field of a frozen record (as `dataclasses.FrozenInstanceError`)."""


class _Field:
    """What `field(...)` leaves on the class until `record` reads it."""

    __slots__ = ("default", "default_factory", "repr", "hash", "compare")

    def __init__(self, default: Any, default_factory: Any, repr: bool,  # noqa: A002
                 hash: bool | None, compare: bool) -> None:  # noqa: A002
        if default is not MISSING and default_factory is not MISSING:
            raise ValueError("cannot specify both default and default_factory")
        self.default = default
        self.default_factory = default_factory
        self.repr = repr
        self.hash = hash
        self.compare = compare


def field(*, default: Any = MISSING, default_factory: Callable[[], Any] | Any = MISSING,
          repr: bool = True, hash: bool | None = None,  # noqa: A002
          compare: bool = True) -> Any:
    """A field's options, as `dataclasses.field` takes them."""
    return _Field(default, default_factory, repr, hash, compare)


class _LazyFields:
    """`__dataclass_fields__`, built by `dataclasses` the first time it is read."""

    def __get__(self, instance: object, owner: type) -> dict[str, Any]:
        import dataclasses

        options: list[tuple[str, Any, Any]] = []
        for name, spec in owner.__record_fields__:  # type: ignore[attr-defined]
            given = {key: value for key, value in (
                ("default", spec.default), ("default_factory", spec.default_factory))
                if value is not MISSING}
            options.append((name, owner.__annotations__[name], dataclasses.field(
                **given, repr=spec.repr, hash=spec.hash, compare=spec.compare)))
        twin = dataclasses.make_dataclass(owner.__name__, options)
        fields: dict[str, Any] = twin.__dataclass_fields__  # type: ignore[attr-defined]
        type.__setattr__(owner, "__dataclass_fields__", fields)
        return fields


@overload
def record(cls: type[T], /) -> type[T]: ...


@overload
def record(*, slots: bool = False, frozen: bool = True) -> Callable[[type[T]], type[T]]: ...  # noqa: F811


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: type[T] | None = None, /, *, slots: bool = False,  # noqa: F811
           frozen: bool = True) -> type[T] | Callable[[type[T]], type[T]]:
    """Make `cls` a data class: `@record` or `@record(slots=True)` (`frozen=False`
    for a mutable one, which is then unhashable, as a dataclass is)."""

    def wrap(cls: type[T]) -> type[T]:
        return _process(cls, slots, frozen)

    return wrap if cls is None else wrap(cls)


def _process(cls: type[T], slots: bool, frozen: bool) -> type[T]:
    specs: list[tuple[str, _Field]] = []
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        if str(annotation).startswith(("ClassVar", "InitVar", "typing.", "dataclasses.")):
            raise TypeError(f"{cls.__name__}.{name}: a record holds plain fields only")
        value = cls.__dict__.get(name, MISSING)
        spec = value if isinstance(value, _Field) else _Field(value, MISSING, True, None, True)
        if specs and _has_default(specs[-1][1]) and not _has_default(spec):
            raise TypeError(f"non-default argument {name!r} follows default argument")
        specs.append((name, spec))
    names = tuple(name for name, _ in specs)
    namespace: dict[str, Any] = {"MISSING": MISSING, "FrozenRecordError": FrozenRecordError,
                                 "_set": object.__setattr__}
    lines = _init_lines(cls, specs, namespace, frozen)
    compared = [name for name, spec in specs if spec.compare]
    hashed = [name for name, spec in specs
              if spec.hash or (spec.hash is None and spec.compare)]
    shown = ", ".join(f"{name}={{self.{name}!r}}" for name, spec in specs if spec.repr)
    lines += [
        "def __repr__(self):",
        f"    return f'{{self.__class__.__qualname__}}({shown})'",
        "def __eq__(self, other):",
        "    if other.__class__ is self.__class__:",
        f"        return {_tuple('self', compared)} == {_tuple('other', compared)}",
        "    return NotImplemented",
    ]
    if frozen:
        lines += [
            "def __hash__(self):",
            f"    return hash({_tuple('self', hashed)})",
            "def __setattr__(self, name, value):",
            f"    if self.__class__ is CLS or name in {names!r}:",
            "        raise FrozenRecordError(f'cannot assign to field {name!r}')",
            "    super(CLS, self).__setattr__(name, value)",
            "def __delattr__(self, name):",
            f"    if self.__class__ is CLS or name in {names!r}:",
            "        raise FrozenRecordError(f'cannot delete field {name!r}')",
            "    super(CLS, self).__delattr__(name)",
        ]
    exec("\n".join(lines), namespace)  # noqa: S102 - made of field names only
    made: dict[str, Any] = {"__match_args__": names, "__record_fields__": tuple(specs),
                            "__dataclass_fields__": _LazyFields()}
    for function in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__",
                     "__delattr__"):
        if function in namespace:
            namespace[function].__qualname__ = f"{cls.__qualname__}.{function}"
            made[function] = namespace[function]
    if not frozen:
        made["__hash__"] = None
    if slots:
        body = {key: value for key, value in cls.__dict__.items()
                if key not in names and key not in ("__dict__", "__weakref__")}
        body.update(made, __slots__=names)
        if frozen:
            body.update(__getstate__=_getstate, __setstate__=_setstate)
        metaclass: Any = type(cls)
        new: type[T] = metaclass(cls.__name__, cls.__bases__, body)
        new.__qualname__ = cls.__qualname__
    else:
        new = cls
        for key, value in made.items():
            setattr(cls, key, value)
        for name, spec in specs:
            if isinstance(cls.__dict__.get(name), _Field):
                if spec.default is MISSING:
                    delattr(cls, name)
                else:
                    setattr(cls, name, spec.default)
    namespace["CLS"] = new
    return new


def _has_default(spec: _Field) -> bool:
    return spec.default is not MISSING or spec.default_factory is not MISSING


def _init_lines(cls: type, specs: list[tuple[str, _Field]], namespace: dict[str, Any],
                frozen: bool) -> list[str]:
    params = ["self"]
    body: list[str] = []
    for name, spec in specs:
        if spec.default_factory is not MISSING:
            namespace[f"_factory_{name}"] = spec.default_factory
            params.append(f"{name}=MISSING")
            value = f"_factory_{name}() if {name} is MISSING else {name}"
        elif spec.default is not MISSING:
            namespace[f"_default_{name}"] = spec.default
            params.append(f"{name}=_default_{name}")
            value = name
        else:
            params.append(name)
            value = name
        body.append(f"    _set(self, {name!r}, {value})" if frozen
                    else f"    self.{name} = {value}")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    return [f"def __init__({', '.join(params)}):", *(body or ["    pass"])]


def _tuple(owner: str, names: list[str]) -> str:
    return "(" + "".join(f"{owner}.{name}," for name in names) + ")"


def _getstate(self: Any) -> list[Any]:
    return [getattr(self, name) for name, _ in self.__record_fields__]


def _setstate(self: Any, state: list[Any]) -> None:
    for (name, _), value in zip(self.__record_fields__, state, strict=True):
        object.__setattr__(self, name, value)


def replace(obj: T, /, **changes: Any) -> T:
    """A copy of the record `obj` with `changes` (as `dataclasses.replace`)."""
    for name, _ in obj.__record_fields__:  # type: ignore[attr-defined]
        if name not in changes:
            changes[name] = getattr(obj, name)
    return obj.__class__(**changes)
