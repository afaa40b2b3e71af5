#if canImport(Glibc)
import Glibc
#endif

/// Reads HTTP/1.1 requests off a blocking socket: head up to the blank line, then a body of
/// Content-Length bytes. Enough for a test server; not a parser to trust with the internet.
struct RawRequestReader {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(fd: Int32) { self.fd = fd }

    mutating func next() -> RawTestServer.Request? {
        guard let headEnd = fill(until: { $0.firstRange(of: [13, 10, 13, 10])?.upperBound }) else { return nil }
        let head = String(decoding: buffer[..<headEnd], as: UTF8.self)
        buffer.removeFirst(headEnd)
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: true)
        guard !lines.isEmpty else { return nil }
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count == 3 else { return nil }
        let headers = lines.compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), String(line[line.index(after: colon)...].drop { $0 == " " }))
        }
        let length = headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
        guard fill(until: { $0.count >= length ? length : nil }) != nil else { return nil }
        let body = Array(buffer[..<length])
        buffer.removeFirst(length)
        return RawTestServer.Request(method: String(requestLine[0]), target: String(requestLine[1]),
                                     headers: headers, body: body)
    }

    /// Reads until `done` finds what it needs in the buffer; nil when the peer closes first.
    private mutating func fill(until done: ([UInt8]) -> Int?) -> Int? {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            if let found = done(buffer) { return found }
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return nil }
            buffer.append(contentsOf: chunk[..<n])
        }
    }
}
