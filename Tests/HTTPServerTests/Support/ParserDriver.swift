@testable import HTTPServer

/// Feeds a parser the way a connection does: unconsumed bytes are kept and offered again
/// with the next read, and parsing continues after each request (pipelining).
struct ParserDriver {
    var parser: RequestParser
    private var pending: [UInt8] = []
    private(set) var requests: [RequestParser.Parsed] = []
    private(set) var failure: HTTPError?

    init(_ configure: (inout HTTPServerConfiguration) -> Void = { _ in }) {
        var c = HTTPServerConfiguration()
        configure(&c)
        parser = RequestParser(configuration: c)
    }

    mutating func feed(_ bytes: some Sequence<UInt8>) {
        guard failure == nil else { return }
        pending.append(contentsOf: bytes)
        while true {
            let (event, used) = pending.withUnsafeBytes { parser.parse($0) }
            pending.removeFirst(used)
            switch event {
            case .needMore: return
            case .request(let r): requests.append(r)
            case .failure(let e): failure = e; return
            }
        }
    }

    static func parse(_ text: String, _ configure: (inout HTTPServerConfiguration) -> Void = { _ in }) -> ParserDriver {
        var d = ParserDriver(configure)
        d.feed(Array(text.utf8))
        return d
    }
}
