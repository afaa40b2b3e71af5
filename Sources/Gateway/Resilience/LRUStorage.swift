/// A byte-bounded least-recently-used map with O(1) get, insert, touch and removal: a
/// dictionary into an array of slots threaded on a doubly linked list (most recent at the
/// head). Not thread-safe; its owner guards it.
struct LRUStorage<Key: Hashable, Value> {
    private struct Slot {
        var key: Key
        var value: Value
        var bytes: Int
        var newer: Int
        var older: Int
    }

    private static var none: Int { -1 }
    private var index: [Key: Int] = [:]
    private var slots: [Slot?] = []
    private var free: [Int] = []
    private var newest = LRUStorage.none
    private var oldest = LRUStorage.none
    private(set) var bytes = 0

    var count: Int { index.count }

    /// The value, marked most recently used.
    mutating func get(_ key: Key) -> Value? {
        guard let i = index[key] else { return nil }
        moveToFront(i)
        return slots[i]!.value
    }

    /// Runs `body` on the value in place (no copy of it), marked most recently used; nil
    /// when the key is absent.
    mutating func update<R>(_ key: Key, _ body: (inout Value) -> R) -> R? {
        guard let i = index[key] else { return nil }
        moveToFront(i)
        return body(&slots[i]!.value)
    }

    /// Inserts or replaces; returns the keys evicted to stay within `maxBytes` (never the
    /// new key itself; the caller refuses entries larger than the bound).
    @discardableResult
    mutating func set(_ key: Key, _ value: Value, bytes size: Int, maxBytes: Int) -> [Key] {
        if let i = index[key] {
            bytes += size - slots[i]!.bytes
            slots[i]!.value = value
            slots[i]!.bytes = size
            moveToFront(i)
        } else {
            let slot = Slot(key: key, value: value, bytes: size, newer: Self.none, older: Self.none)
            let i: Int
            if let reused = free.popLast() { slots[reused] = slot; i = reused } else { slots.append(slot); i = slots.count - 1 }
            index[key] = i
            bytes += size
            linkAtFront(i)
        }
        var evicted: [Key] = []
        while bytes > maxBytes, oldest != Self.none, slots[oldest]!.key != key {
            let victim = slots[oldest]!.key
            remove(victim)
            evicted.append(victim)
        }
        return evicted
    }

    @discardableResult
    mutating func remove(_ key: Key) -> Value? {
        guard let i = index.removeValue(forKey: key) else { return nil }
        unlink(i)
        let slot = slots[i]!
        bytes -= slot.bytes
        slots[i] = nil
        free.append(i)
        return slot.value
    }

    /// Keys from least to most recently used (tests and diagnostics).
    var keysOldestFirst: [Key] {
        var out: [Key] = []
        var i = oldest
        while i != Self.none { out.append(slots[i]!.key); i = slots[i]!.newer }
        return out
    }

    private mutating func moveToFront(_ i: Int) {
        guard newest != i else { return }
        unlink(i)
        linkAtFront(i)
    }

    private mutating func linkAtFront(_ i: Int) {
        slots[i]!.older = newest
        slots[i]!.newer = Self.none
        if newest != Self.none { slots[newest]!.newer = i }
        newest = i
        if oldest == Self.none { oldest = i }
    }

    private mutating func unlink(_ i: Int) {
        let (newer, older) = (slots[i]!.newer, slots[i]!.older)
        if newer != Self.none { slots[newer]!.older = older } else { newest = older }
        if older != Self.none { slots[older]!.newer = newer } else { oldest = newer }
        slots[i]!.newer = Self.none
        slots[i]!.older = Self.none
    }
}
