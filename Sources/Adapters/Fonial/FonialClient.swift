import Foundation
import PBXCore
import Upstream

/// What a data call of fonial gave: the payload, or a sign that the session is no longer
/// good (then the session manager logs in again and the call is replayed once).
enum FonialReply<Payload: Sendable>: Sendable {
    case ok(Payload)
    case sessionInvalid
}

/// fonial API 2.0 over `UpstreamTransport`: every call a POST with a JSON body carrying
/// `sid`. Knows the endpoints and how fonial says "error"; knows nothing about sessions'
/// lifetimes (that is `FonialSession`).
struct FonialClient: Sendable {
    let configuration: FonialConfiguration
    let transport: any UpstreamTransport
    let events: @Sendable (AdapterEvent) -> Void

    static let sessionPath = "/session"
    static let authenticatePath = "/session/authenticate"
    static let devicesPath = "/devices/get"
    static let numbersPath = "/numbers/get"
    static let evnPath = "/evn/get"
    static let journalPath = "/journal/get"

    // MARK: Session endpoints

    /// `POST /session {}` → a new, unauthenticated sid.
    func createSession(timeout: Duration) async throws(PBXError) -> String {
        let response = try await post(Self.sessionPath, fields: [:], timeout: timeout)
        if response.status == 401 || response.status == 403 {
            throw .authenticationFailed("fonial refused to open a session (HTTP \(response.status); is the API enabled for the account?)")
        }
        let envelope = try envelope(of: response, path: Self.sessionPath)
        guard envelope.isOK, let sid = envelope.sid, !sid.isEmpty else {
            throw .upstream(status: response.status, detail: "fonial did not open a session (status \(envelope.status ?? "missing"))")
        }
        return sid
    }

    /// `POST /session/authenticate` with the main account's credentials. Throws
    /// `.authenticationFailed` when fonial says the credentials are wrong.
    func authenticate(sid: String, timeout: Duration) async throws(PBXError) {
        let fields: JSONObject = ["sid": .string(sid), "username": .string(configuration.username),
                                           "password": .string(configuration.password)]
        let response = try await post(Self.authenticatePath, fields: fields, timeout: timeout)
        if response.status == 401 || response.status == 403 {
            throw .authenticationFailed("fonial rejected the main account's username or password (HTTP \(response.status))")
        }
        let envelope = try envelope(of: response, path: Self.authenticatePath)
        if envelope.authenticated == true, envelope.isOK || envelope.status == nil { return }
        if envelope.authenticated == false {
            throw .authenticationFailed("fonial rejected the main account's username or password")
        }
        if !envelope.isOK {
            throw .authenticationFailed("fonial refused the login (status \(envelope.status ?? "missing"); is the API enabled for the account?)")
        }
        throw .upstream(status: response.status, detail: "fonial's login answer did not say whether the session is authenticated")
    }

    // MARK: Data endpoints

    func devices(sid: String, context: PBXContext) async throws(PBXError) -> FonialReply<[FonialDeviceDTO]> {
        try await call(Self.devicesPath, sid: sid, fields: [:], context: context) { (p: FonialDevicesPayload) in p.devices ?? [] }
    }

    func numbers(sid: String, context: PBXContext) async throws(PBXError) -> FonialReply<[FonialNumberDTO]> {
        try await call(Self.numbersPath, sid: sid, fields: [:], context: context) { (p: FonialNumbersPayload) in p.numbers ?? [] }
    }

    func evn(sid: String, start: FonialLocalTime, end: FonialLocalTime, context: PBXContext) async throws(PBXError) -> FonialReply<[FonialEVNRecord]> {
        let fields: JSONObject = ["start": .string(start.description), "end": .string(end.description)]
        return try await call(Self.evnPath, sid: sid, fields: fields, context: context) { (p: FonialEVNPayload) in p.evn ?? [] }
    }

    func journal(sid: String, start: FonialLocalTime, end: FonialLocalTime, context: PBXContext) async throws(PBXError) -> FonialReply<[FonialJournalRecord]> {
        let fields: JSONObject = ["start": .string(start.description), "end": .string(end.description)]
        return try await call(Self.journalPath, sid: sid, fields: fields, context: context) { (p: FonialJournalPayload) in p.journal ?? [] }
    }

    /// The callback ("click-to-dial"): fonial rings `device`, then `target` (E.164).
    func callback(sid: String, device: String, target: String, context: PBXContext) async throws(PBXError) -> FonialReply<Void> {
        // The docs send the device id as a JSON integer.
        let deviceValue: JSONValue = Int64(device).map { .number(Double($0)) } ?? .string(device)
        let fields: JSONObject = ["device": deviceValue, "target": .string(target)]
        return try await call(configuration.callbackPath, sid: sid, fields: fields, context: context) { (_: FonialEnvelope) in () }
    }

    /// Ids that end up in vendor requests: no `/`, no `..`, no control characters.
    static func validateID(_ id: String, what: String) throws(PBXError) {
        guard !id.isEmpty, id.count <= 200, !id.containsASCII("/"), !id.containsASCII(".."),
              !id.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalidInput("\(what) is not a valid fonial id")
        }
    }

    // MARK: Plumbing

    private func call<Payload: FonialPayload, Result: Sendable>(
        _ path: String, sid: String, fields: JSONObject, context: PBXContext,
        extract: (Payload) -> Result
    ) async throws(PBXError) -> FonialReply<Result> {
        let remaining = context.remaining
        guard remaining > .milliseconds(1) else { throw .timeout("no time left for fonial \(path)") }
        var body = fields
        body["sid"] = .string(sid)
        let response = try await post(path, fields: body, timeout: remaining)
        switch response.status {
        case 200..<300: break
        case 401, 403: return .sessionInvalid
        case 404: throw .upstream(status: 404, detail: "fonial has no endpoint \(path) (HTTP 404)")
        case 409: throw .conflict("fonial reported a conflict on \(path)")
        default: throw .upstream(status: response.status, detail: "fonial answered HTTP \(response.status) on \(path)")
        }
        let json = try parse(response, path: path)
        let envelope = try envelope(of: json, response, path: path)
        if envelope.authenticated == false { return .sessionInvalid }
        guard envelope.isOK else {
            if envelope.status?.lowercased() == "error" { return try classify(error: envelope, path: path) }
            throw .upstream(status: response.status, detail: "fonial answered \(path) without a status")
        }
        do {
            return .ok(extract(try Payload(json: json)))
        } catch {
            throw .upstream(status: response.status, detail: "fonial's answer on \(path) has an unusable \(error.field)")
        }
    }

    /// `status: "error"`: a session problem is retried after a new login; anything else is
    /// summarised in our words (fonial's text may echo what we sent).
    private func classify<T>(error envelope: FonialEnvelope, path: String) throws(PBXError) -> FonialReply<T> {
        let text = envelope.error?.lowercased() ?? ""
        if ["session", "sid", "auth", "login", "logged"].contains(where: text.contains) { return .sessionInvalid }
        if path == configuration.callbackPath {
            if text.contains("device") { throw .invalidInput("fonial does not accept that device for a callback") }
            if text.contains("target") || text.contains("number") { throw .invalidInput("fonial does not accept that target number") }
        }
        throw .upstream(status: 200, detail: "fonial reported an error on \(path)")
    }

    private func parse(_ response: UpstreamResponse, path: String) throws(PBXError) -> JSONValue {
        do {
            return try FonialJSON.parse(response.body)
        } catch {
            throw .upstream(status: response.status, detail: "fonial's answer on \(path) is not JSON (\(response.body.count) bytes)")
        }
    }

    private func envelope(of json: JSONValue, _ response: UpstreamResponse, path: String) throws(PBXError) -> FonialEnvelope {
        do {
            return try FonialEnvelope(json: json)
        } catch {
            throw .upstream(status: response.status, detail: "fonial's answer on \(path) is not a JSON object")
        }
    }

    private func envelope(of response: UpstreamResponse, path: String) throws(PBXError) -> FonialEnvelope {
        try envelope(of: try parse(response, path: path), response, path: path)
    }

    private func post(_ path: String, fields: JSONObject, timeout: Duration) async throws(PBXError) -> UpstreamResponse {
        let body: [UInt8]
        do { body = Array(try JSONEncoder().encode(JSONValue.object(fields))) } catch {
            throw .invalidInput("request for fonial \(path) could not be encoded")
        }
        let request = UpstreamRequest(
            method: "POST", url: configuration.baseURL + Self.encodedPath(path),
            headers: [("Content-Type", "application/json"), ("Accept", "application/json, text/json")],
            body: body, connectTimeout: min(.seconds(3), timeout), timeout: timeout,
            tls: UpstreamTLS(caFile: configuration.caFile), maxResponseBytes: 8 * 1024 * 1024)
        let started = ContinuousClock.now
        let operation = String(path.dropFirst())
        do {
            let response = try await transport.send(request)
            events(.upstreamCall(tenant: configuration.tenant, operation: operation, status: response.status,
                                 seconds: Self.seconds(ContinuousClock.now - started)))
            return response
        } catch {
            events(.upstreamCall(tenant: configuration.tenant, operation: operation, status: nil,
                                 seconds: Self.seconds(ContinuousClock.now - started)))
            throw Self.map(error, path: path)
        }
    }

    static func map(_ error: UpstreamError, path: String) -> PBXError {
        switch error.kind {
        case .timeout, .connectTimeout: .timeout("fonial did not answer \(path) in time")
        case .connectionRefused, .couldNotResolve: .unavailable("fonial could not be reached (\(error.kindName))")
        case .cancelled: .timeout("request to fonial \(path) was cancelled")
        default: .upstream(status: nil, detail: "fonial \(path) failed: \(error.kindName)")
        }
    }

    /// Each segment percent-encoded; the configuration already allows only unreserved
    /// characters, so this is a second guard, not a transformation.
    static func encodedPath(_ path: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.addingPercentEncoding(withAllowedCharacters: allowed) ?? "" }
            .joined(separator: "/")
    }

    private static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
