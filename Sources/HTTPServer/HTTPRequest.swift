/// A parsed HTTP/1.x request as handed to handlers. The body is fully read (bounded by the
/// server's body limit) before the handler runs.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// The request-target exactly as sent (origin-form), e.g. `/v1/tenants/a/calls?limit=5`.
    public var target: String { didSet { questionMark = Self.questionMark(in: target) } }
    /// Where `?` is in `target`: every layer asks for the path, so it is found once.
    private var questionMark: String.Index?
    /// The path part of `target`, still percent-encoded.
    public var path: Substring { questionMark.map { target[..<$0] } ?? target[...] }
    /// The query part of `target` without `?`, still percent-encoded; nil when absent.
    public var query: Substring? { questionMark.map { target[target.utf8.index(after: $0)...] } }

    // Byte search on the buffer: `firstIndex(of: Character)` walks grapheme clusters, and
    // even the UTF-8 view's generic search showed up in profiles.
    private static func questionMark(in target: String) -> String.Index? {
        let utf8 = target.utf8
        guard let offset = utf8.withContiguousStorageIfAvailable({ $0.firstIndex(of: UInt8(ascii: "?")) }) else {
            return utf8.firstIndex(of: UInt8(ascii: "?"))
        }
        return offset.map { utf8.index(utf8.startIndex, offsetBy: $0) }
    }
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(method: HTTPMethod, target: String, version: HTTPVersion = .http1_1,
                headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.method = method
        self.target = target
        self.questionMark = Self.questionMark(in: target)
        self.version = version
        self.headers = headers
        self.body = body
    }
}

public struct HTTPVersion: Sendable, Hashable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public init(major: Int, minor: Int) { self.major = major; self.minor = minor }
    public static let http1_0 = HTTPVersion(major: 1, minor: 0)
    public static let http1_1 = HTTPVersion(major: 1, minor: 1)
    public var description: String { "HTTP/\(major).\(minor)" }
}

/// Methods the server knows. Anything else is answered 501 by the parser, so handlers
/// never see an unknown method.
public enum HTTPMethod: String, Sendable, Hashable, CaseIterable {
    case GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS, TRACE, CONNECT
}
