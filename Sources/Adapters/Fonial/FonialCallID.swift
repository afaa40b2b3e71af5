/// fonial records have no ids (CATALOGUE §7.1), so call ids are synthesised from what
/// identifies a record, and carry the record's local start time so `GET /calls/{id}` can ask
/// fonial for exactly that second:
///
///     evn-<YYYYMMDDHHMMSS>-<16 hex>      outgoing: FNV-1a 64 of sipuser|dateStart|from|to
///     jrn-<YYYYMMDDHHMMSS>-<16 hex>      incoming: FNV-1a 64 of date|from|to
///
/// A second record with identical fields in the same answer gets `-2`, `-3`, … appended.
/// The hash is fixed (not Swift's per-process `Hasher`), so ids survive restarts.
public struct FonialCallID: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable { case evn, jrn }

    public var kind: Kind
    public var time: FonialLocalTime
    public var hash: UInt64
    /// 1 for the first record with these fields in an answer.
    public var occurrence: Int

    public init(kind: Kind, time: FonialLocalTime, hash: UInt64, occurrence: Int = 1) {
        self.kind = kind
        self.time = time
        self.hash = hash
        self.occurrence = occurrence
    }

    public init(kind: Kind, time: FonialLocalTime, fields: [String?], occurrence: Int = 1) {
        self.init(kind: kind, time: time, hash: Self.fnv1a(fields.map { $0 ?? "" }.joined(separator: "|")), occurrence: occurrence)
    }

    /// Nil for anything this adapter did not hand out.
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3 || parts.count == 4, let kind = Kind(rawValue: String(parts[0])),
              parts[1].count == 14, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
              parts[2].count == 16, let hash = UInt64(parts[2], radix: 16) else { return nil }
        let d = parts[1]
        let stamp = "\(d.prefix(4))-\(d.dropFirst(4).prefix(2))-\(d.dropFirst(6).prefix(2)) \(d.dropFirst(8).prefix(2)):\(d.dropFirst(10).prefix(2)):\(d.dropFirst(12).prefix(2))"
        guard let time = FonialLocalTime(parsing: stamp), time.compact == d else { return nil }
        var occurrence = 1
        if parts.count == 4 {
            guard let o = Int(parts[3]), o >= 2, o < 10_000, String(o) == parts[3] else { return nil }
            occurrence = o
        }
        self.init(kind: kind, time: time, hash: hash, occurrence: occurrence)
    }

    public var description: String {
        let hex = String(hash, radix: 16)
        let id = "\(kind.rawValue)-\(time.compact)-\(String(repeating: "0", count: 16 - hex.count))\(hex)"
        return occurrence > 1 ? "\(id)-\(occurrence)" : id
    }

    /// 64-bit FNV-1a over the UTF-8 bytes.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}
