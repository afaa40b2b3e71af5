/// Request ids for requests that did not bring a sane one: a random per-loop prefix and a
/// counter, short enough (≤ 15 bytes for the first 4 billion) to stay a small inline String.
struct RequestIDGenerator {
    private let prefix: String
    private var counter: UInt64 = 0

    init() {
        var g = SystemRandomNumberGenerator()
        let p = String(UInt32.random(in: 0x100000...0xFFFFFF, using: &g), radix: 16)
        prefix = p + "-"
    }

    mutating func next() -> String {
        counter &+= 1
        return prefix + String(counter, radix: 16)
    }
}
