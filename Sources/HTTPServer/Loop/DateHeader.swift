import CSystem

/// The `Date:` line, formatted once per second per loop instead of once per response.
struct DateHeader {
    private var second: Int64 = -1
    private(set) var line: [UInt8] = []

    mutating func refresh() {
        let now = csys_realtime_seconds()
        guard now != second else { return }
        second = now
        var buf = [CChar](repeating: 0, count: 38)
        csys_format_date_header(now, &buf)
        line = buf.prefix(37).map { UInt8(bitPattern: $0) }
    }
}
