"""`record`: the frozen data classes of the status path, without `dataclasses`.

`smallwins status` with no cache imports the model, the replay and the
loading of the file; `dataclasses` imports `inspect` (and with it `ast`,
`dis`, `tokenize`), which cost about as much as the rest of those imports
together.  `record` makes the same classes `@dataclass(frozen=True)` would:
the same `__init__` (defaults, `field(default_factory=...)`,
`__post_init__`), `__repr__`, `__eq__` (a tuple of the compared fields, same
class only), `__hash__`, `__match_args__`, optional `__slots__`, and
assignment refused.  Its methods are generated in one small `exec` per
class, so they run as fast as the dataclass ones (the compiled `__init__`
kept between runs by core/compiled.py).

They stay dataclasses for whoever asks: `dataclasses.fields`, `replace`,
`asdict` and `is_dataclass` work through `__dataclass_fields__`, which
imports `dataclasses` the first time it is read.  Type checkers see them as
dataclasses through `typing.dataclass_transform`.
"""

from __future__ import annotations

from operator import attrgetter

from smallwins.core.compiled import compiled

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
def record(*, slots: bool = False, frozen: bool = True,  # noqa: F811
           eq: bool = True) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: type[T] | None = None, /, *, slots: bool = False,  # noqa: F811
           frozen: bool = True, eq: bool = True) -> type[T] | Callable[[type[T]], type[T]]:
    """Make `cls` a data class: `@record` or `@record(slots=True)` (`frozen=False`
    for a mutable one, which is then unhashable, as a dataclass is; `eq=False` for
    one equal only to itself, hashed by identity)."""

    def wrap(cls: type[T]) -> type[T]:
        return _process(cls, slots, frozen, eq)

    return wrap if cls is None else wrap(cls)


def _process(cls: type[T], slots: bool, frozen: bool, eq: bool = True) -> type[T]:
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
    namespace: dict[str, Any] = {"MISSING": MISSING, "_set": object.__setattr__}
    # Only __init__ is compiled (it must take the fields by name, at full speed);
    # compiling is most of what making a data class costs, so the rest are closures,
    # and the compiled code is kept from one run to the next (core/compiled.py).
    exec(compiled("\n".join(_init_lines(cls, specs, namespace, frozen))), namespace)  # noqa: S102
    made, made_class = _methods(cls, specs, frozen)
    made["__init__"] = namespace["__init__"]
    for function in made.values():
        function.__qualname__ = f"{cls.__qualname__}.{function.__name__}"
    made.update(__match_args__=names, __record_fields__=tuple(specs),
                __dataclass_fields__=_LazyFields())
    if not eq:
        made.pop("__eq__")  # object's: equal to itself only, hashed by identity
        made.pop("__hash__", None)
    elif not frozen:
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
    made_class.append(new)
    return new


def _methods(cls: type, specs: list[tuple[str, _Field]],
             frozen: bool) -> tuple[dict[str, Any], list[Any]]:
    """__repr__, __eq__ and (frozen) __hash__, __setattr__, __delattr__ as dataclasses
    make them: the same tuples compared and hashed, the same words.  The list is
    to hold the class once it is made."""
    names = tuple(name for name, _ in specs)
    compared = _getter([name for name, spec in specs if spec.compare])
    hashed = _getter([name for name, spec in specs
                      if spec.hash or (spec.hash is None and spec.compare)])
    shown = [name for name, spec in specs if spec.repr]
    shown_values = _getter(shown)

    def __repr__(self: Any) -> str:  # noqa: N807
        pairs = ", ".join([f"{name}={value!r}" for name, value in
                           zip(shown, shown_values(self), strict=True)])
        return f"{self.__class__.__qualname__}({pairs})"

    def __eq__(self: Any, other: Any) -> Any:  # noqa: N807
        if other.__class__ is self.__class__:
            return compared(self) == compared(other)
        return NotImplemented

    methods: dict[str, Any] = {"__repr__": __repr__, "__eq__": __eq__}
    made_class: list[Any] = []
    if not frozen:
        return methods, made_class

    def __hash__(self: Any) -> int:  # noqa: N807
        return hash(hashed(self))

    def __setattr__(self: Any, name: str, value: Any) -> None:  # noqa: N807
        if self.__class__ is made_class[0] or name in names:
            raise FrozenRecordError(f"cannot assign to field {name!r}")
        super(made_class[0], self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:  # noqa: N807
        if self.__class__ is made_class[0] or name in names:
            raise FrozenRecordError(f"cannot delete field {name!r}")
        super(made_class[0], self).__delattr__(name)

    methods.update(__hash__=__hash__, __setattr__=__setattr__, __delattr__=__delattr__)
    return methods, made_class


def _getter(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """The tuple of these fields of a record (a tuple even of one field, or none)."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda record: (one(record),)
    return lambda record: ()


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
