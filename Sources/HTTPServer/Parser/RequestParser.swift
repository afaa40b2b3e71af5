/// An incremental HTTP/1.1 request parser (RFC 9112). Feed it every byte not yet consumed,
/// starting with the first byte of a request; it returns what happened and how many bytes it
/// consumed. It keeps its own progress, so a request may arrive split at any byte.
///
/// Bytes are never copied until they become part of a request: header lines are validated
/// once, when their CRLF arrives, and only then turned into strings.
public struct RequestParser: Sendable {
    public struct Parsed: Sendable {
        public var request: HTTPRequest
        public var keepAlive: Bool
        /// The client's `X-Request-Id` when it was sane, else nil.
        public var requestID: String?
    }

    public enum Event: Sendable {
        case needMore
        case request(Parsed)
        case failure(HTTPError)
    }

    enum State {
        case head
        case body(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case failed
    }

    let limits: ParserLimits
    private(set) var state = State.head
    // Head progress, as offsets into the unconsumed input (the head is never consumed
    // before it is complete, so these stay valid between calls).
    private var scanned = 0
    private var lineStart = 0
    private var sawRequestLine = false
    private var fieldCount = 0
    private var headerBytes = 0
    private var head = RequestHead()
    private var body: [UInt8] = []
    private var extensionBytes = 0
    /// Set when the head asked for `100-continue` and the body is still to come; the
    /// connection sends `100 Continue` and clears it.
    public var continueWanted = false

    init(limits: ParserLimits) { self.limits = limits }

    public init() { self.init(limits: ParserLimits()) }

    public init(configuration: HTTPServerConfiguration) { self.init(limits: ParserLimits(configuration)) }

    /// True while no byte of the next request has been seen (idle keep-alive).
    public var isIdle: Bool {
        if case .head = state { return scanned == 0 }
        return false
    }

    /// True once the head is complete and the body is being read.
    public var isReadingBody: Bool {
        switch state {
        case .body, .chunkSize, .chunkData, .chunkDataEnd, .trailers: true
        case .head, .failed: false
        }
    }

    public mutating func parse(_ input: UnsafeRawBufferPointer) -> (event: Event, consumed: Int) {
        var pos = 0
        while true {
            switch state {
            case .failed:
                return (.failure(ParseError.bad("The connection is no longer usable.")), 0)
            case .head:
                switch scanHead(input) {
                case .needMore: return (.needMore, 0)
                case .failure(let e): return fail(e)
                case .complete(let end, let framing):
                    pos = end
                    switch framing {
                    case .none: return (.request(finishRequest()), pos)
                    case .length(let n):
                        body.reserveCapacity(n)
                        state = .body(remaining: n)
                    case .chunked:
                        state = .chunkSize
                    }
                    continueWanted = head.expectContinue && pos == input.count
                }
            case .body(let remaining):
                let take = min(remaining, input.count - pos)
                body.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[pos..<(pos + take)]))
                pos += take
                if take == remaining { return (.request(finishRequest()), pos) }
                state = .body(remaining: remaining - take)
                return (.needMore, pos)
            case .chunkSize:
                let maxLine = 18 + limits.maxChunkExtensionBytes
                guard let line = nextLine(input, from: pos, max: maxLine) else { return (.needMore, pos) }
                switch line {
                case .failure(let e): return fail(e)
                case .success(let (range, next)):
                    let bytes = UnsafeRawBufferPointer(rebasing: input[range])
                    switch chunkSize(bytes) {
                    case .failure(let e): return fail(e)
                    case .success(let size):
                        pos = next
                        state = size == 0 ? .trailers : .chunkData(remaining: size)
                    }
                }
            case .chunkData(let remaining):
                let take = min(remaining, input.count - pos)
                body.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[pos..<(pos + take)]))
                pos += take
                if take < remaining {
                    state = .chunkData(remaining: remaining - take)
                    return (.needMore, pos)
                }
                state = .chunkDataEnd
            case .chunkDataEnd:
                guard input.count - pos >= 2 else { return (.needMore, pos) }
                guard input[pos] == ASCII.cr, input[pos + 1] == ASCII.lf else {
                    return fail(ParseError.bad("Chunk data does not end with CRLF."))
                }
                pos += 2
                state = .chunkSize
            case .trailers:
                // Trailer fields are checked like header fields and then dropped: they must
                // never influence framing, routing or authentication.
                guard let line = nextLine(input, from: pos, max: limits.maxHeaderLineBytes) else { return (.needMore, pos) }
                switch line {
                case .failure(let e): return fail(e)
                case .success(let (range, next)):
                    pos = next
                    if range.isEmpty { return (.request(finishRequest()), pos) }
                    fieldCount += 1
                    headerBytes += range.count + 2
                    if fieldCount > limits.maxHeaderCount || headerBytes > limits.maxHeaderBytes {
                        return fail(ParseError.headersTooLarge("Too many or too large trailer fields."))
                    }
                    if RequestHead.splitField(UnsafeRawBufferPointer(rebasing: input[range])) == nil {
                        return fail(ParseError.bad("Malformed trailer field."))
                    }
                }
            }
        }
    }

    private mutating func fail(_ e: HTTPError) -> (event: Event, consumed: Int) {
        state = .failed
        return (.failure(e), 0)
    }

    private mutating func finishRequest() -> Parsed {
        let parsed = Parsed(
            request: HTTPRequest(method: head.method, target: head.target, version: head.version,
                                 headers: head.headers, body: body),
            keepAlive: head.keepAlive, requestID: head.requestID)
        self = RequestParser(limits: limits)
        return parsed
    }

    private enum HeadScan {
        case needMore
        case failure(HTTPError)
        case complete(end: Int, framing: RequestHead.Framing)
    }

    /// Resumes the CRLF scan where the last call stopped and handles each completed line.
    private mutating func scanHead(_ input: UnsafeRawBufferPointer) -> HeadScan {
        let n = input.count
        // Step back one byte so a CR that ended the previous input is checked for its LF.
        var i = max(scanned - 1, lineStart)
        while i < n {
            let b = input[i]
            if b == ASCII.lf {
                guard i > lineStart, input[i - 1] == ASCII.cr else { return .failure(ParseError.bad("Bare LF in the request head.")) }
                let line = UnsafeRawBufferPointer(rebasing: input[lineStart..<(i - 1)])
                lineStart = i + 1
                if !sawRequestLine {
                    // RFC 9112 §2.2: empty lines before the request line are ignored.
                    if line.isEmpty { i += 1; continue }
                    if line.count > limits.maxRequestLineBytes { return .failure(ParseError.uriTooLong(limits.maxRequestLineBytes)) }
                    sawRequestLine = true
                    if let e = head.requestLine(line) { return .failure(e) }
                } else if line.isEmpty {
                    scanned = 0
                    switch head.finish(limits: limits) {
                    case .failure(let e): return .failure(e)
                    case .success(let framing): return .complete(end: i + 1, framing: framing)
                    }
                } else {
                    fieldCount += 1
                    headerBytes += line.count + 2
                    if line.count > limits.maxHeaderLineBytes {
                        return .failure(ParseError.headersTooLarge("A header line exceeds \(limits.maxHeaderLineBytes) bytes."))
                    }
                    if fieldCount > limits.maxHeaderCount {
                        return .failure(ParseError.headersTooLarge("More than \(limits.maxHeaderCount) header fields."))
                    }
                    if headerBytes > limits.maxHeaderBytes {
                        return .failure(ParseError.headersTooLarge("The header section exceeds \(limits.maxHeaderBytes) bytes."))
                    }
                    if line[0] == ASCII.sp || line[0] == ASCII.htab { return .failure(ParseError.bad("Obsolete line folding.")) }
                    if let e = head.field(line) { return .failure(e) }
                }
            } else if b == ASCII.cr {
                if i + 1 < n && input[i + 1] != ASCII.lf { return .failure(ParseError.bad("Bare CR in the request head.")) }
            } else if b == 0 {
                return .failure(ParseError.bad("NUL in the request head."))
            }
            i += 1
        }
        scanned = n
        let partial = n - lineStart
        if !sawRequestLine {
            if partial > limits.maxRequestLineBytes { return .failure(ParseError.uriTooLong(limits.maxRequestLineBytes)) }
        } else {
            if partial > limits.maxHeaderLineBytes {
                return .failure(ParseError.headersTooLarge("A header line exceeds \(limits.maxHeaderLineBytes) bytes."))
            }
            if headerBytes + partial > limits.maxHeaderBytes {
                return .failure(ParseError.headersTooLarge("The header section exceeds \(limits.maxHeaderBytes) bytes."))
            }
        }
        return .needMore
    }

    /// The next CRLF-terminated line from `from`: its range without CRLF and where the next
    /// starts. Nil when incomplete; a failure for a bare LF/CR or a line over `max`.
    private func nextLine(_ input: UnsafeRawBufferPointer, from: Int, max: Int) -> Result<(Range<Int>, Int), HTTPError>? {
        var i = from
        while i < input.count {
            let b = input[i]
            if b == ASCII.lf {
                guard i > from, input[i - 1] == ASCII.cr else { return .failure(ParseError.bad("Bare LF in chunked framing.")) }
                return .success((from..<(i - 1), i + 1))
            }
            if b == ASCII.cr, i + 1 < input.count, input[i + 1] != ASCII.lf {
                return .failure(ParseError.bad("Bare CR in chunked framing."))
            }
            if i - from > max { return .failure(ParseError.bad("Chunk line too long.")) }
            i += 1
        }
        if input.count - from > max { return .failure(ParseError.bad("Chunk line too long.")) }
        return nil
    }

    /// `1*HEXDIG *( BWS ";" BWS name [ BWS "=" BWS value ] )`, bounded against overflow and
    /// against the body limit before any data is read.
    private mutating func chunkSize(_ line: UnsafeRawBufferPointer) -> Result<Int, HTTPError> {
        var i = 0, size = 0
        while i < line.count, let h = ASCII.hexValue(line[i]) {
            guard i < 15 else { return .failure(ParseError.bad("Chunk size too large.")) }
            size = size << 4 | Int(h)
            i += 1
        }
        guard i > 0 else { return .failure(ParseError.bad("Invalid chunk size.")) }
        if i < line.count {
            extensionBytes += line.count - i
            if extensionBytes > limits.maxChunkExtensionBytes { return .failure(ParseError.bad("Chunk extensions too long.")) }
            guard ChunkExtensions.valid(UnsafeRawBufferPointer(rebasing: line[i...])) else {
                return .failure(ParseError.bad("Invalid chunk extension."))
            }
        }
        if size > limits.maxBodyBytes - body.count { return .failure(ParseError.bodyTooLarge(limits.maxBodyBytes)) }
        return .success(size)
    }
}
