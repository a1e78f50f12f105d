"""GB/T 35660.2 = ISO 28560-2: data elements by relative OID, precursor, offset and padding."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum

from drivers.rfid.tag import compaction as cp
from drivers.rfid.tag.compaction import Compaction
from drivers.rfid.tag.errors import CompactionError, TagDataError, TagErrorCode, TagLayoutError

DSFID = 0x06  # ISO/IEC 15962 access method 0 (no directory), data format 6 (dp2's default too)
MAX_OID = 15 + 0xFF
# Longer than any library barcode seen (the Danish data model found 27 at most); a bound that
# keeps chance bytes read as one long integer or 6-bit element from passing for a tag.
MAX_PII_LENGTH = 32


Values = Mapping[str, str] | Mapping[int, str] | Mapping[str | int, str]
Changes = Mapping[str, str | None] | Mapping[int, str | None] | Mapping[str | int, str | None]


class ElementId(IntEnum):
    """Relative OIDs of ISO 28560-1's data elements (GB/T 35660.1 table; 27-31 not defined)."""

    PRIMARY_ITEM_ID = 1
    CONTENT_PARAMETER = 2
    OWNER_INSTITUTION = 3
    SET_INFORMATION = 4
    TYPE_OF_USAGE = 5
    SHELF_LOCATION = 6
    ONIX_MEDIA_FORMAT = 7
    MARC_MEDIA_FORMAT = 8
    SUPPLIER_IDENTIFIER = 9
    ORDER_NUMBER = 10
    ILL_BORROWING_INSTITUTION = 11
    ILL_BORROWING_TRANSACTION_NUMBER = 12
    GS1_PRODUCT_IDENTIFIER = 13
    ALTERNATIVE_UNIQUE_ITEM_IDENTIFIER = 14
    LOCAL_DATA_A = 15
    LOCAL_DATA_B = 16
    TITLE = 17
    PRODUCT_IDENTIFIER_LOCAL = 18
    MEDIA_FORMAT_OTHER = 19
    SUPPLY_CHAIN_STAGE = 20
    SUPPLIER_INVOICE_NUMBER = 21
    ALTERNATIVE_ITEM_IDENTIFIER = 22
    ALTERNATIVE_OWNER_INSTITUTION = 23
    SUBSIDIARY_OF_OWNER_INSTITUTION = 24
    ALTERNATIVE_ILL_BORROWING_INSTITUTION = 25
    LOCAL_DATA_C = 26

    @property
    def key(self) -> str:
        """The element's snake_case name (as in `kiosk rfid decode-tag`)."""
        return self.name.lower()


BY_KEY = {e.key: e for e in ElementId}
KNOWN_OIDS = frozenset(int(e) for e in ElementId)
# ISIL-valued elements carry the annex's ISIL compaction under the application-defined code.
ISIL_ELEMENTS = frozenset({ElementId.OWNER_INSTITUTION, ElementId.ILL_BORROWING_INSTITUTION})
# One-byte (or bit-field) codes, shown as upper-case hex and written as octets.
CODED_ELEMENTS = frozenset(
    {
        ElementId.CONTENT_PARAMETER,
        ElementId.TYPE_OF_USAGE,
        ElementId.MEDIA_FORMAT_OTHER,
        ElementId.SUPPLY_CHAIN_STAGE,
    }
)


@dataclass(frozen=True)
class DataElement:
    """One data set as it sits on the tag; ``raw`` is written back unchanged."""

    oid: int
    compaction: Compaction
    data: bytes
    raw: bytes
    text: str | None  # None: an element this model cannot read (kept, listed as unknown)

    @property
    def known(self) -> bool:
        return self.text is not None

    @property
    def key(self) -> str | None:
        return ElementId(self.oid).key if self.known and self.oid in KNOWN_OIDS else None

    @property
    def padding(self) -> int:
        """Bytes of this element's raw form after its data (offset byte included)."""
        return len(self.raw) - _header_length(self.oid, False) - len(self.data)


@dataclass(frozen=True)
class Iso28560_2Tag:
    """The elements in tag order and what follows them (terminator, zeros)."""

    elements: tuple[DataElement, ...]
    trailer: bytes = b""

    def element(self, oid: int) -> DataElement | None:
        return next((e for e in self.elements if e.oid == oid), None)

    def text(self, oid: int) -> str | None:
        found = self.element(oid)
        return found.text if found else None

    @property
    def values(self) -> dict[str, str]:
        """Known elements by snake_case name."""
        return {e.key: e.text for e in self.elements if e.key and e.text is not None}

    @property
    def unknown(self) -> tuple[DataElement, ...]:
        return tuple(e for e in self.elements if not e.known)


def _header_length(oid: int, offset: bool) -> int:
    return 1 + (1 if oid >= 15 else 0) + (1 if offset else 0) + 1


# --- encoding one element ------------------------------------------------------------------


def encode_element(oid: int, compaction: Compaction, data: bytes, padding: int = 0) -> bytes:
    """Precursor [relative-OID] [offset] length data [zeros]; ``padding`` counts the offset byte."""
    if not 1 <= oid <= MAX_OID:
        raise TagLayoutError(f"relative OID {oid} outside 1-{MAX_OID}")
    if len(data) > 0xFF:
        raise TagLayoutError(f"element {oid} has {len(data)} bytes of data, more than 255")
    if not 0 <= padding <= 0x100:
        raise TagLayoutError(f"padding of {padding} bytes does not fit the offset byte")
    out = bytearray([(0x80 if padding else 0) | (int(compaction) << 4) | min(oid, 15)])
    if oid >= 15:
        out.append(oid - 15)
    if padding:
        out.append(padding - 1)
    out.append(len(data))
    out += data
    out += bytes(max(0, padding - 1))
    return bytes(out)


def compact_value(
    oid: int, text: str, scheme: Compaction | None = None
) -> tuple[Compaction, bytes]:
    """The compaction code and data the writer uses for ``text`` of element ``oid``."""
    if oid in CODED_ELEMENTS:
        try:
            data = bytes.fromhex(text)
        except ValueError as exc:
            raise CompactionError(f"element {oid} is a hex code, not {text!r}") from exc
        code = (
            Compaction.APPLICATION_DEFINED
            if oid == ElementId.CONTENT_PARAMETER
            else Compaction.OCTET
        )
        return code, data
    if oid in ISIL_ELEMENTS and scheme in (None, Compaction.APPLICATION_DEFINED):
        return Compaction.APPLICATION_DEFINED, cp.compact_isil(text) if text else b""
    if scheme is None:
        return cp.choose(text)
    return scheme, cp.compact(text, scheme)


def make_element(
    oid: int | str, text: str, scheme: Compaction | None = None, padding: int = 0
) -> DataElement:
    """A new element for ``text``; ``oid`` by number or by snake_case name."""
    number = BY_KEY[oid] if isinstance(oid, str) else oid
    if number == ElementId.PRIMARY_ITEM_ID and not (
        text and text.isprintable() and len(text) <= MAX_PII_LENGTH
    ):
        raise TagLayoutError(f"a primary item identifier is printable, 1-32 characters: {text!r}")
    code, data = compact_value(number, text, scheme)
    return DataElement(
        oid=number,
        compaction=code,
        data=data,
        raw=encode_element(number, code, data, padding),
        text=_read_text(number, code, data),
    )


def with_padding(element: DataElement, padding: int) -> DataElement:
    """``element`` re-framed with ``padding`` bytes after its data (its data unchanged)."""
    raw = encode_element(element.oid, element.compaction, element.data, padding)
    return DataElement(element.oid, element.compaction, element.data, raw, element.text)


def content_parameter_for(oids: Iterable[int]) -> str:
    """The content parameter's hex: one bit per element present from OID 3 on, MSB first."""
    bits = 0
    top = 0
    for oid in oids:
        if oid >= 3:
            bits |= 1 << (oid - 3)
            top = max(top, oid - 3)
    if not bits:
        return ""
    length = top // 8 + 1
    value = 0
    for i in range(length * 8):
        if bits >> i & 1:
            value |= 1 << (length * 8 - 1 - i)
    return value.to_bytes(length, "big").hex().upper()


def content_parameter_oids(hex_text: str) -> list[int]:
    """Relative OIDs a content parameter says are on the tag."""
    data = bytes.fromhex(hex_text)
    return [3 + i for i in range(len(data) * 8) if data[i // 8] & (0x80 >> (i % 8))]


# --- decoding ------------------------------------------------------------------------------


def _read_text(oid: int, code: Compaction, data: bytes) -> str | None:
    if oid not in KNOWN_OIDS:
        return None
    if not data:
        return ""  # written by some vendors for an element left empty (dp2's TestRfid.cs)
    if oid in CODED_ELEMENTS:
        return data.hex().upper()
    if code is Compaction.APPLICATION_DEFINED:
        return cp.expand_isil(data) if oid in ISIL_ELEMENTS else None
    return cp.expand(data, code)


def decode_element(memory: bytes, start: int) -> DataElement:
    """The data set starting at ``start`` (whose precursor is not 0x00)."""
    end = len(memory)

    def need(pos: int, count: int) -> None:
        if pos + count > end:
            raise TagDataError(TagErrorCode.TRUNCATED, f"element at byte {start} runs past the end")

    precursor = memory[start]
    pos = start + 1
    offset = bool(precursor & 0x80)
    code = Compaction((precursor >> 4) & 0x07)
    oid = precursor & 0x0F
    if oid == 0:
        raise TagDataError(TagErrorCode.BAD_PRECURSOR, f"precursor {precursor:02X} has OID 0")
    if oid == 15:
        need(pos, 1)
        oid = 15 + memory[pos]
        pos += 1
    padding = 0
    if offset:
        need(pos, 1)
        padding = memory[pos]
        pos += 1
    need(pos, 1)
    length = memory[pos]
    pos += 1
    need(pos, length + padding)
    data = bytes(memory[pos : pos + length])
    pos += length + padding
    return DataElement(oid, code, data, bytes(memory[start:pos]), _read_text(oid, code, data))


def decode(memory: bytes) -> Iso28560_2Tag:
    """Every element of a tag's user memory; TagDataError for bytes that are not such a tag."""
    if not any(memory):
        raise TagDataError(TagErrorCode.BLANK, "blank tag (no data)")
    elements: list[DataElement] = []
    seen: set[int] = set()
    pos = 0
    while pos < len(memory) and memory[pos] != 0x00:
        element = decode_element(memory, pos)
        if element.oid in seen:
            raise TagDataError(TagErrorCode.DUPLICATE_ELEMENT, f"element {element.oid} twice")
        seen.add(element.oid)
        elements.append(element)
        pos += len(element.raw)
    # Bytes after the terminator are kept, not read: tags in the field carry what an earlier,
    # longer encoding left there, or a vendor's mark in the last block (dp2's TestRfid.cs).
    trailer = bytes(memory[pos:])
    first = elements[0] if elements else None
    if first is None or first.oid != ElementId.PRIMARY_ITEM_ID or not first.text:
        raise TagDataError(
            TagErrorCode.NO_PRIMARY_ITEM_ID, "the first element is not a primary item identifier"
        )
    if not first.text.isprintable() or len(first.text) > MAX_PII_LENGTH:
        # An item identifier is printed on a label; chance bytes seldom are all printable.
        raise TagDataError(
            TagErrorCode.BAD_TEXT, "the primary item identifier is not printable or too long"
        )
    return Iso28560_2Tag(tuple(elements), trailer)


def encode(tag: Iso28560_2Tag) -> bytes:
    """The tag's bytes: every element's raw form, then the trailer (byte-exact round trip)."""
    return b"".join(e.raw for e in tag.elements) + tag.trailer


# --- building and laying out a tag -------------------------------------------------------


def build(
    values: Values,
    *,
    content_parameter: bool = True,
    schemes: Mapping[str, Compaction] | Mapping[int, Compaction] | None = None,
) -> Iso28560_2Tag:
    """A new tag from element values: primary item id first, the content parameter second."""
    chosen = {BY_KEY[k] if isinstance(k, str) else int(k): v for k, v in values.items()}
    by_oid = {BY_KEY[k] if isinstance(k, str) else int(k): s for k, s in (schemes or {}).items()}
    if ElementId.PRIMARY_ITEM_ID not in chosen or not chosen[ElementId.PRIMARY_ITEM_ID]:
        raise TagLayoutError("a tag needs a primary item identifier")
    chosen.pop(ElementId.CONTENT_PARAMETER, None)
    order = [ElementId.PRIMARY_ITEM_ID] + [o for o in chosen if o != ElementId.PRIMARY_ITEM_ID]
    elements = [make_element(o, chosen[o], by_oid.get(o)) for o in order]
    if content_parameter:
        hex_text = content_parameter_for(order)
        if hex_text:
            elements.insert(1, make_element(ElementId.CONTENT_PARAMETER, hex_text))
    return Iso28560_2Tag(tuple(elements))


def replace_values(tag: Iso28560_2Tag, values: Changes) -> Iso28560_2Tag:
    """``tag`` with some elements set (None removes); the others, unknown ones too, unchanged.

    The content parameter is recomputed when the tag has one."""
    changes = {BY_KEY[k] if isinstance(k, str) else int(k): v for k, v in values.items()}
    elements: list[DataElement] = []
    for element in tag.elements:
        if element.oid not in changes:
            elements.append(element)
            continue
        text = changes.pop(element.oid)
        if text is None:
            continue
        if text == element.text:
            elements.append(element)
        else:
            elements.append(make_element(element.oid, text))
    elements += [make_element(o, t) for o, t in changes.items() if t is not None]
    if tag.element(ElementId.CONTENT_PARAMETER) is not None:
        hex_text = content_parameter_for(e.oid for e in elements)
        elements = [
            e
            if e.oid != ElementId.CONTENT_PARAMETER or e.text == hex_text
            else make_element(ElementId.CONTENT_PARAMETER, hex_text)
            for e in elements
        ]
    return Iso28560_2Tag(tuple(elements))


@dataclass(frozen=True)
class Layout:
    """Bytes to write and the blocks to lock after writing them."""

    memory: bytes
    lock_blocks: frozenset[int]

    def block_map(self, block_size: int, locked: Iterable[int] = ()) -> str:
        """'l' already locked, 'w' to lock, '.' writable: one letter a block."""
        old = set(locked)
        count = len(self.memory) // block_size
        return "".join(
            "l" if b in old else "w" if b in self.lock_blocks else "." for b in range(count)
        )


def _round_up(value: int, block: int) -> int:
    return -(-value // block) * block


def lay_out(
    tag: Iso28560_2Tag,
    *,
    block_size: int = 4,
    memory_size: int | None = None,
    lock: Iterable[int] = (ElementId.PRIMARY_ITEM_ID,),
) -> Layout:
    """A new tag's bytes: each run of elements in ``lock`` starts on a block boundary and ends
    on one (the element before it and its own last element padded through their offset byte),
    so that those blocks can be write-protected while the rest stays writable."""
    to_lock = set(lock)
    elements = [with_padding(e, 0) for e in tag.elements]
    placed: list[DataElement] = []
    lock_blocks: set[int] = set()
    pos = 0
    run_start: int | None = None
    for i, element in enumerate(elements):
        locked = element.oid in to_lock
        if locked and run_start is None:
            if pos % block_size and placed:
                gap = _round_up(pos, block_size) - pos
                placed[-1] = with_padding(placed[-1], gap)
                pos += gap
            run_start = pos
        placed.append(element)
        pos += len(element.raw)
        next_locked = i + 1 < len(elements) and elements[i + 1].oid in to_lock
        if locked and not next_locked:
            gap = _round_up(pos, block_size) - pos
            if gap:
                placed[-1] = with_padding(placed[-1], gap)
                pos += gap
            assert run_start is not None
            lock_blocks.update(range(run_start // block_size, pos // block_size))
            run_start = None
    memory = b"".join(e.raw for e in placed)
    size = memory_size if memory_size is not None else _round_up(len(memory), block_size)
    if len(memory) > size:
        raise TagLayoutError(f"{len(memory)} bytes of elements do not fit {size} bytes")
    return Layout(memory + bytes(size - len(memory)), frozenset(lock_blocks))


def lay_out_over_locked(
    old_memory: bytes,
    locked_blocks: Iterable[int],
    tag: Iso28560_2Tag,
    *,
    block_size: int = 4,
) -> bytes:
    """The bytes to give a tag some of whose blocks are write-protected.

    Elements with a byte in a locked block stay where they are, byte for byte (the new tag must
    hold them with the same value); the other elements fill the gaps between them in order, the
    last one of a gap padded to its end, since a zero byte there would end the tag."""
    locked = set(locked_blocks)
    old = decode(old_memory)
    fixed: list[tuple[int, DataElement]] = []
    pos = 0
    for element in old.elements:
        span = range(pos // block_size, (pos + len(element.raw) - 1) // block_size + 1)
        if any(b in locked for b in span):
            fixed.append((pos, element))
        pos += len(element.raw)
    for _start, element in fixed:
        new = tag.element(element.oid)
        if new is None or new.text != element.text or new.data != element.data:
            raise TagLayoutError(f"element {element.oid} is in a locked block and cannot change")
    fixed_oids = {e.oid for _s, e in fixed}
    pending = [with_padding(e, 0) for e in tag.elements if e.oid not in fixed_oids]
    out = bytearray(len(old_memory))
    cursor = 0
    for start, element in fixed:
        gap = start - cursor
        filled = _fill_gap(pending, gap, start)
        out[cursor:start] = filled
        out[start : start + len(element.raw)] = element.raw
        cursor = start + len(element.raw)
    tail = b"".join(e.raw for e in pending)
    if cursor + len(tail) > len(out):
        raise TagLayoutError(f"{len(tail)} bytes of elements do not fit after byte {cursor}")
    out[cursor : cursor + len(tail)] = tail
    for b in locked:
        if (
            out[b * block_size : (b + 1) * block_size]
            != old_memory[b * block_size : (b + 1) * block_size]
        ):
            raise TagLayoutError(f"the layout would change locked block {b}")
    return bytes(out)


def _fill_gap(pending: list[DataElement], gap: int, before: int) -> bytes:
    """Take elements off ``pending`` (in order) to fill exactly ``gap`` bytes."""
    if gap == 0:
        return b""
    taken: list[DataElement] = []
    used = 0
    while pending and used + len(pending[0].raw) <= gap:
        element = pending.pop(0)
        taken.append(element)
        used += len(element.raw)
    if not taken:
        raise TagLayoutError(f"no element fits the {gap} free bytes before byte {before}")
    if used < gap:
        taken[-1] = with_padding(taken[-1], gap - used)
    return b"".join(e.raw for e in taken)
