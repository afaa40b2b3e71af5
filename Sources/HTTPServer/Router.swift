import Glibc

/// Routes by path segments: static segments win over `{parameters}`, so `/calls/active`
/// and `/calls/{callId}` coexist. Unknown paths are 404; known paths with another method are
/// 405 with `Allow`. `HEAD` falls back to the `GET` route (the server drops the body).
public struct Router: HTTPResponder {
    private final class Node: @unchecked Sendable {
        // Built once before serving, read-only afterwards: safe to share between loops. For
        // the same reason the fields the matcher reads skip the run-time exclusivity check
        // (a thread-local access set, several times per path segment).
        var children: [Substring: Node] = [:]
        /// `children` as the matcher reads it: a node has a handful of static segments, and
        /// comparing bytes beats hashing each path segment for a dictionary lookup.
        @exclusivity(unchecked) var literals: [(bytes: [UInt8], node: Node)] = []
        @exclusivity(unchecked) var parameter: (name: String, node: Node)?
        var handlers: [HTTPMethod: (template: String, responder: any HTTPResponder)] = [:]
        /// `handlers` as the matcher reads it, for the same reason.
        @exclusivity(unchecked) var byMethod: [(method: HTTPMethod, template: String, responder: any HTTPResponder)] = []

        func literal(_ segment: UnsafeBufferPointer<UInt8>) -> Node? {
            for child in literals where child.bytes.count == segment.count {
                if child.bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress!, segment.baseAddress!, segment.count) == 0 }) {
                    return child.node
                }
            }
            return nil
        }

        func handler(_ method: HTTPMethod) -> (template: String, responder: any HTTPResponder)? {
            for h in byMethod where h.method == method { return (h.template, h.responder) }
            return nil
        }
    }

    private let root = Node()
    public private(set) var routes: [(method: HTTPMethod, template: String)] = []

    public init() {}

    public mutating func add(_ method: HTTPMethod, _ template: String, _ responder: any HTTPResponder) {
        var node = root
        for segment in template.split(separator: "/", omittingEmptySubsequences: true) {
            if segment.first == "{" && segment.last == "}" {
                let name = String(segment.dropFirst().dropLast())
                if let existing = node.parameter {
                    precondition(existing.name == name, "conflicting parameter names at \(template)")
                    node = existing.node
                } else {
                    let next = Node()
                    node.parameter = (name, next)
                    node = next
                }
            } else if let next = node.children[segment] {
                node = next
            } else {
                let next = Node()
                node.children[segment] = next
                node.literals.append((Array(segment.utf8), next))
                node = next
            }
        }
        precondition(node.handlers[method] == nil, "duplicate route \(method) \(template)")
        node.handlers[method] = (template, responder)
        node.byMethod.append((method, template, responder))
        routes.append((method, template))
    }

    public mutating func add(_ method: HTTPMethod, _ template: String,
                             _ handler: @escaping @Sendable (HTTPRequest, RequestContext) async throws -> HTTPResponse) {
        add(method, template, ClosureResponder(handler))
    }

    public mutating func get(_ template: String, _ handler: @escaping @Sendable (HTTPRequest, RequestContext) async throws -> HTTPResponse) {
        add(.GET, template, handler)
    }
    public mutating func post(_ template: String, _ handler: @escaping @Sendable (HTTPRequest, RequestContext) async throws -> HTTPResponse) {
        add(.POST, template, handler)
    }
    public mutating func put(_ template: String, _ handler: @escaping @Sendable (HTTPRequest, RequestContext) async throws -> HTTPResponse) {
        add(.PUT, template, handler)
    }
    public mutating func delete(_ template: String, _ handler: @escaping @Sendable (HTTPRequest, RequestContext) async throws -> HTTPResponse) {
        add(.DELETE, template, handler)
    }

    public enum Match: Sendable {
        case found(template: String, responder: any HTTPResponder, parameters: PathParameters)
        case methodNotAllowed(allow: [HTTPMethod])
        case notFound
    }

    /// Finds the route for a still-encoded path. Parameters come back percent-decoded;
    /// a segment that does not decode to valid UTF-8 does not match.
    public func match(_ method: HTTPMethod, path: Substring) -> Match {
        var node = root
        var parameters = PathParameters()
        func step(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            if let next = node.literal(bytes) {
                node = next
            } else if let (name, next) = node.parameter, let value = PercentDecoding.decode(bytes) {
                parameters[name] = value
                node = next
            } else {
                return false
            }
            return true
        }
        // Segments by byte offsets on the buffer: `split` built an array of substrings per
        // request, and indexing the view byte by byte was slow too.
        let utf8 = path.utf8
        let scanned = utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            var i = 0
            while i < bytes.count {
                if bytes[i] == UInt8(ascii: "/") { i += 1; continue }
                var j = i
                while j < bytes.count && bytes[j] != UInt8(ascii: "/") { j += 1 }
                guard step(UnsafeBufferPointer(rebasing: bytes[i..<j])) else { return false }
                i = j
            }
            return true
        }
        // Not contiguous (never for the parser's strings): match on a native copy.
        guard let matched = scanned else { return match(method, path: Substring(String(path))) }
        guard matched else { return .notFound }
        if let hit = node.handler(method) ?? (method == .HEAD ? node.handler(.GET) : nil) {
            return .found(template: hit.template, responder: hit.responder, parameters: parameters)
        }
        if node.byMethod.isEmpty { return .notFound }
        var allow = Array(node.handlers.keys)
        if node.handlers[.GET] != nil { allow.append(.HEAD) }
        return .methodNotAllowed(allow: allow.sorted { $0.rawValue < $1.rawValue })
    }

    public func respond(to request: HTTPRequest, context: RequestContext) async throws -> HTTPResponse {
        try await respond(to: request, context: context, match: match(request.method, path: request.path))
    }

    public func respondImmediately(to request: HTTPRequest, context: RequestContext) -> HTTPResponse? {
        respondImmediately(to: request, context: context, match: match(request.method, path: request.path))
    }

    /// The synchronous try for an already computed match: only a found route can answer.
    public func respondImmediately(to request: HTTPRequest, context: RequestContext, match: Match) -> HTTPResponse? {
        guard case .found(let template, let responder, let parameters) = match else { return nil }
        var context = context
        context.route = template
        context.pathParameters = parameters
        return responder.respondImmediately(to: request, context: context)
    }

    /// Dispatches an already computed match, for callers that needed the match first (a
    /// metrics layer that labels by route template) and must not pay for matching twice.
    public func respond(to request: HTTPRequest, context: RequestContext, match: Match) async throws -> HTTPResponse {
        switch match {
        case .found(let template, let responder, let parameters):
            var context = context
            context.route = template
            context.pathParameters = parameters
            return try await responder.respond(to: request, context: context)
        case .methodNotAllowed(let allow):
            throw HTTPError.methodNotAllowed(allow: allow)
        case .notFound:
            throw HTTPError.notFound("No route for \(request.method.rawValue) \(request.path.prefix(200)).")
        }
    }
}

public enum PercentDecoding {
    /// Decodes `%XX` escapes; nil for a malformed escape or invalid UTF-8. `+` stays `+`
    /// (paths), see `decodeQueryComponent` for queries.
    public static func decode(_ s: Substring, plusAsSpace: Bool = false) -> String? {
        if let decoded = s.utf8.withContiguousStorageIfAvailable({ decode($0, plusAsSpace: plusAsSpace) }) { return decoded }
        var copy = String(s)
        return copy.withUTF8 { decode($0, plusAsSpace: plusAsSpace) }
    }

    /// `decode` for the bytes of valid UTF-8 text cut at ASCII delimiters (a path segment
    /// found on the path's buffer), without making a `Substring` of them first.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, plusAsSpace: Bool = false) -> String? {
        if !bytes.contains(where: { $0 == UInt8(ascii: "%") || (plusAsSpace && $0 == UInt8(ascii: "+")) }) {
            return String(decoding: bytes, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "%") {
                guard i + 2 < bytes.count, let h = hex(bytes[i + 1]), let l = hex(bytes[i + 2]) else { return nil }
                out.append(h << 4 | l)
                i += 3
                continue
            }
            out.append(plusAsSpace && b == UInt8(ascii: "+") ? UInt8(ascii: " ") : b)
            i += 1
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Splits a raw query into decoded name/value pairs (`+` is a space). Nil when any part
    /// is malformed, so callers can answer 400 instead of guessing.
    public static func queryItems(_ query: Substring?) -> [(name: String, value: String)]? {
        guard let query, !query.isEmpty else { return [] }
        var items: [(name: String, value: String)] = []
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let eq = pair.firstIndex(of: "=")
            let rawName = eq.map { pair[..<$0] } ?? pair
            let rawValue = eq.map { pair[pair.index(after: $0)...] } ?? ""
            guard let name = decode(rawName, plusAsSpace: true), let value = decode(rawValue, plusAsSpace: true) else { return nil }
            items.append((name, value))
        }
        return items
    }
}
