import Foundation
import PBXCore
import Upstream

/// pascom's REST endpoints over an `UpstreamTransport`: Basic auth, bare JSON, HTTP status
/// codes as the only error signal (204 no data, 401, 403, 404, 409; no error body).
/// Path segments built from user data are validated and percent-encoded here, before any
/// request leaves.
struct PascomClient: Sendable {
    let config: PascomConfiguration
    let transport: any UpstreamTransport
    let events: @Sendable (AdapterEvent) -> Void

    /// One URL path segment from user data (user, queue, device names contain spaces and
    /// brackets). `/`, `..` and control characters are refused: they would change which
    /// resource the path names.
    static func segment(_ value: String, _ what: String) throws(PBXError) -> String {
        guard !value.isEmpty, value.utf8.count <= 512 else { throw .invalidInput("\(what) must be 1 to 512 bytes") }
        guard !value.containsASCII("/"), !value.containsASCII(".."), !value.containsASCII("\\") else {
            throw .invalidInput("\(what) must not contain '/', '\\' or '..'")
        }
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalidInput("\(what) must not contain control characters")
        }
        return percentEncode(value)
    }

    /// RFC 3986: everything but unreserved characters is escaped (UTF-8 bytes).
    static func percentEncode(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                out += "%" + String(b >> 4, radix: 16, uppercase: true) + String(b & 0xF, radix: 16, uppercase: true)
            }
        }
        return out
    }

    /// Sends one request. `path` segments must already be encoded (`segment(_:_:)` or
    /// literals). `operation` is the metric-safe endpoint name (`GET /cdr/`).
    func send(_ method: String, _ path: [String], query: [(String, String)] = [], json body: (any Encodable & Sendable)? = nil,
              accept: String = "application/json", asset: Bool = false, operation: String,
              context: PBXContext) async throws(PBXError) -> UpstreamResponse {
        let remaining = context.remaining
        guard remaining > .zero else { throw .timeout("deadline passed before calling pascom \(operation)") }
        var url = config.baseURL
        if asset, url.hasSuffix("/services/") { url = String(url.dropLast("services/".count)) + "asset/" }
        url += path.joined(separator: "/")
        if !query.isEmpty {
            url += "?" + query.map { Self.percentEncode($0.0) + "=" + Self.percentEncode($0.1) }.joined(separator: "&")
        }
        var headers: [(name: String, value: String)] = [("Accept", accept)]
        var bytes: [UInt8]?
        if let body {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            guard let data = try? encoder.encode(body) else { throw .invalidInput("request body could not be encoded") }
            bytes = [UInt8](data)
            headers.append(("Content-Type", "application/json"))
        }
        let request = UpstreamRequest(method: method, url: url, headers: headers, body: bytes,
                                      basicAuth: (config.username, config.password),
                                      connectTimeout: min(.seconds(3), remaining), timeout: remaining,
                                      tls: UpstreamTLS(caFile: config.caFile))
        let started = ContinuousClock.now
        let response: UpstreamResponse
        do {
            response = try await transport.send(request)
        } catch {
            events(.upstreamCall(tenant: config.tenant, operation: operation, status: nil, seconds: Self.seconds(since: started)))
            throw Self.map(error, operation: operation)
        }
        events(.upstreamCall(tenant: config.tenant, operation: operation, status: response.status, seconds: Self.seconds(since: started)))
        switch response.status {
        case 200...299: return response
        case 401: throw .authenticationFailed("pascom refused the REST credentials (HTTP 401) for \(operation)")
        case 403: throw .authenticationFailed("pascom forbids \(operation) for these REST credentials (HTTP 403)")
        case 404: throw .notFound("pascom has no such object (\(operation))")
        case 409: throw .conflict("pascom reports an edit conflict (\(operation))")
        default: throw .upstream(status: response.status, detail: "pascom answered HTTP \(response.status) to \(operation)")
        }
    }

    /// Decodes a body with the DTO layer; a shape error becomes a 502 summary.
    func decode<T>(_ operation: String, _ body: () throws(PascomDecodingError) -> T) throws(PBXError) -> T {
        do { return try body() } catch {
            throw .upstream(status: nil, detail: "pascom \(operation): unexpected answer (\(error.description))")
        }
    }

    static func map(_ e: UpstreamError, operation: String) -> PBXError {
        switch e.kind {
        case .timeout, .connectTimeout: .timeout("pascom did not answer \(operation) in time")
        case .connectionRefused, .couldNotResolve: .unavailable("pascom unreachable (\(e.kindName)) for \(operation)")
        case .cancelled: .timeout("pascom call \(operation) was cancelled")
        default: .upstream(status: nil, detail: "pascom \(operation) failed: \(e.kindName)")
        }
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
