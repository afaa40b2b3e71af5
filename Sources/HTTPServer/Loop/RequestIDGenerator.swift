/// Request ids for requests that did not bring a sane one: a random per-loop prefix and a
/// counter, short enough (≤ 15 bytes for the first 4 billion) to stay a small inline String.
struct RequestIDGenerator {
    /// Six hex digits and `-`.
    private let prefix: [UInt8]
    private var counter: UInt64 = 0

    init() {
        var g = SystemRandomNumberGenerator()
        let p = String(UInt32.random(in: 0x100000...0xFFFFFF, using: &g), radix: 16)
        prefix = Array(p.utf8) + [UInt8(ascii: "-")]
    }

    /// Written straight into the string's storage: `prefix + String(counter, radix: 16)`
    /// formatted through the generic radix conversion and concatenated, on every request.
    mutating func next() -> String {
        counter &+= 1
        var digits = 1
        while digits < 16 && counter >> (4 * UInt64(digits)) != 0 { digits += 1 }
        let count = prefix.count + digits
        return String(unsafeUninitializedCapacity: count) { out in
            for (i, b) in prefix.enumerated() { out[i] = b }
            var v = counter
            for i in stride(from: count - 1, through: prefix.count, by: -1) {
                let d = UInt8(truncatingIfNeeded: v & 0xF)
                out[i] = d < 10 ? UInt8(ascii: "0") + d : UInt8(ascii: "a") + d - 10
                v >>= 4
            }
            return count
        }
    }
}
