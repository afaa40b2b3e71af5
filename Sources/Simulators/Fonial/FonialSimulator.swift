import Foundation
import HTTPServer
import Synchronization

/// fonial API 2.0 as its docs describe it (vendor-docs/fonial-api-2.0.de.txt, CATALOGUE §5):
/// every method a POST with a JSON body; `POST /session {}` hands out an unauthenticated
/// `sid`, `POST /session/authenticate` binds it to the main account, and every other method
/// needs an authenticated `sid` in its body. Answers are flat objects echoing `sid` with
/// `status` `ok` or `error` (+ `error` text), sent as `text/json`.
///
/// Fault modes beyond the shared ones: `sessionExpiryAfterRequests` (a session dies after N
/// authenticated requests), `sessionExpiryAfterSeconds` (N seconds after its login) and
/// `loginFailure` (every login answers `authenticated: false`). `expireAllSessions()` (also
/// `POST /_sim/sessions/expire`) kills every session at once. `holdLogins()` (also
/// `POST /_sim/logins/hold`) keeps every `/session/authenticate` waiting, counted, until
/// `releaseLogins()` (`POST /_sim/logins/release`).
public final class FonialSimulator: VendorSimulator {
    public let vendor = "fonial"
    public let control = SimulatorControl()
    public let basePath = "/api/2.0"
    public let settings: FonialSimulatorSettings

    struct Session {
        var authenticated = false
        var authenticatedAt = Date.distantPast
        var requests = 0
    }

    struct State {
        var sessions: [String: Session] = [:]
        var data: FonialSimulatorData
        var callbacks = 0
    }

    let state: Mutex<State>
    private let loginGate = FonialLoginGate()

    public init(settings: FonialSimulatorSettings = FonialSimulatorSettings()) {
        self.settings = settings
        state = Mutex(State(data: .generate(now: settings.now(), days: settings.historyDays)))
    }

    public var demoCredentials: [String: String] {
        ["username": settings.username, "password": settings.password, "timezone": settings.timeZone.identifier,
         "callbackPath": settings.callbackPath]
    }

    /// Sessions currently open (authenticated or not).
    public var openSessions: Int { state.withLock { $0.sessions.count } }

    /// The sids currently open, for tests that check they never leak.
    var sessionIDs: [String] { state.withLock { Array($0.sessions.keys) } }

    /// Callbacks accepted so far.
    public var callbackCount: Int { state.withLock { $0.callbacks } }

    public func expireAllSessions() { state.withLock { $0.sessions.removeAll() } }

    /// Sessions whose login went through.
    public var authenticatedSessions: Int { state.withLock { $0.sessions.values.filter(\.authenticated).count } }

    public func holdLogins() { loginGate.close() }
    public func releaseLogins() { loginGate.open() }
    /// Logins being held right now.
    public var heldLogins: Int { loginGate.waiting }

    public func install(on router: inout Router) {
        router.post(basePath + "/session") { [self] request, _ in await serve("POST /session", request) { _ in createSession() } }
        router.post(basePath + "/session/authenticate") { [self] request, _ in
            await serve("POST /session/authenticate", request, gate: loginGate) { body in authenticate(body) }
        }
        let data: [(String, @Sendable ([String: Any], String) -> SimulatorJSON)] = [
            ("/devices/get", { [self] _, sid in devices(sid) }),
            ("/numbers/get", { [self] _, sid in numbers(sid) }),
            ("/evn/get", { [self] body, sid in evn(body, sid) }),
            ("/journal/get", { [self] body, sid in journal(body, sid) }),
            (settings.callbackPath, { [self] body, sid in callback(body, sid) }),
        ]
        for (path, handler) in data {
            router.post(basePath + path) { [self] request, _ in
                await serve("POST \(path)", request) { body in
                    switch authorise(body) {
                    case .success(let sid): respond(.ok, handler(body, sid), session: false)
                    case .failure(let refusal): refusal.response
                    }
                }
            }
        }
        router.post("/_sim/sessions/expire") { [self] _, _ in
            expireAllSessions()
            return HTTPResponse(status: .noContent)
        }
        router.post("/_sim/logins/hold") { [self] _, _ in
            holdLogins()
            return HTTPResponse(status: .noContent)
        }
        router.post("/_sim/logins/release") { [self] _, _ in
            releaseLogins()
            return HTTPResponse(status: .noContent)
        }
    }

    // MARK: Request handling

    struct Refusal: Error { var response: HTTPResponse }

    /// Counts, applies faults, parses the JSON body (fonial answers `status: "error"` to
    /// anything that is not a JSON object), then answers. A closed `gate` holds the request
    /// after it was counted.
    private func serve(_ endpoint: String, _ request: HTTPRequest, gate: FonialLoginGate? = nil,
                       _ answer: ([String: Any]) -> HTTPResponse) async -> HTTPResponse {
        control.count(endpoint)
        await gate?.pass()
        if let fault = await control.fault(for: endpoint, vendorError: { [self] status in
            respond(HTTPStatus(status), error(sid: nil, "internal error"), session: false)
        }) {
            return fault
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any] else {
            return control.finish(respond(.ok, error(sid: nil, "request must be a JSON object"), session: false), endpoint: endpoint)
        }
        return control.finish(answer(object), endpoint: endpoint)
    }

    private func createSession() -> HTTPResponse {
        let sid = UUID().uuidString.lowercased()
        state.withLock { $0.sessions[sid] = Session() }
        return respond(.ok, .object([("sid", .string(sid)), ("status", .string("ok"))]), session: true)
    }

    private func authenticate(_ body: [String: Any]) -> HTTPResponse {
        guard let sid = body["sid"] as? String, state.withLock({ $0.sessions[sid] != nil }) else {
            return invalidSession()
        }
        guard let username = body["username"] as? String, let password = body["password"] as? String else {
            return respond(.ok, error(sid: sid, "username and password are required"), session: true)
        }
        let accepted = !control.faults.loginFailure && username == settings.username && password == settings.password
        if accepted {
            let now = settings.now()
            state.withLock { $0.sessions[sid] = Session(authenticated: true, authenticatedAt: now, requests: 0) }
        }
        let flag: SimulatorJSON = switch settings.authenticatedStyle {
        case .bool: .bool(accepted)
        case .stringOne: .string(accepted ? "1" : "0")
        }
        return respond(.ok, .object([("sid", .string(sid)), ("status", .string("ok")), ("authenticated", flag)]), session: true)
    }

    /// The `sid` of an authenticated, unexpired session, counting this request against it.
    private func authorise(_ body: [String: Any]) -> Result<String, Refusal> {
        guard let sid = body["sid"] as? String else { return .failure(Refusal(response: invalidSession())) }
        let faults = control.faults
        let now = settings.now()
        let valid = state.withLock { state -> Bool in
            guard var session = state.sessions[sid], session.authenticated else { return false }
            let tooMany = faults.sessionExpiryAfterRequests.map { session.requests >= $0 } ?? false
            let tooOld = faults.sessionExpiryAfterSeconds.map { now.timeIntervalSince(session.authenticatedAt) >= $0 } ?? false
            if tooMany || tooOld {
                state.sessions[sid] = nil
                return false
            }
            session.requests += 1
            state.sessions[sid] = session
            return true
        }
        return valid ? .success(sid) : .failure(Refusal(response: invalidSession()))
    }

    private func invalidSession() -> HTTPResponse {
        respond(HTTPStatus(settings.invalidSessionHTTPStatus), error(sid: nil, settings.invalidSessionText), session: false)
    }

    // MARK: Methods

    private func devices(_ sid: String) -> SimulatorJSON {
        let devices = state.withLock { $0.data.devices }
        return ok(sid, "devices", .array(devices.map { .object([("name", .string($0.name)), ("id", .int($0.id))]) }))
    }

    private func numbers(_ sid: String) -> SimulatorJSON {
        let numbers = state.withLock { $0.data.numbers }
        return ok(sid, "numbers", .array(numbers.map { .object([("number", .string($0.number)), ("id", .int($0.id))]) }))
    }

    private func evn(_ body: [String: Any], _ sid: String) -> SimulatorJSON {
        guard let (start, end) = window(body) else { return windowError(sid) }
        let calls = state.withLock { $0.data.outgoing }.filter { (start...end).contains(local($0.start)) }
        return ok(sid, "evn", .array(calls.map { call in
            .object([
                ("from", .string(call.from)), ("to", .string(call.to)),
                ("destination", .string(FonialSimulatorData.destination(of: call.to))),
                ("dateStart", .string(local(call.start))),
                ("dateEnd", .string(local(call.start.addingTimeInterval(Double(call.duration))))),
                ("duration", .int(call.duration)), ("costs", .string(FonialSimulatorData.costs(of: call))),
                ("sipuser", .string(call.device.sipuser)), ("target", .string(call.device.name)),
            ])
        }))
    }

    private func journal(_ body: [String: Any], _ sid: String) -> SimulatorJSON {
        guard let (start, end) = window(body) else { return windowError(sid) }
        let calls = state.withLock { $0.data.incoming }.filter { (start...end).contains(local($0.date)) }
        return ok(sid, "journal", .array(calls.map { call in
            .object([("date", .string(local(call.date))), ("from", .string(call.from)), ("to", .string(call.to)),
                     ("status", .string(call.status))])
        }))
    }

    /// The callback: rings the device, then the E.164 target. The simulator books it into
    /// the EVN at once (duration 0 until someone answers), so the write shows in a read.
    private func callback(_ body: [String: Any], _ sid: String) -> SimulatorJSON {
        let deviceID = (body["device"] as? Int) ?? (body["device"] as? String).flatMap { Int($0) }
        guard let target = body["target"] as? String, Self.isE164(target) else {
            return error(sid: sid, "target must be a number in e164 format")
        }
        let now = settings.now()
        let booked = state.withLock { state -> Bool in
            guard let device = state.data.devices.first(where: { $0.id == deviceID }) else { return false }
            let from = state.data.numbers.first?.number ?? ""
            state.data.outgoing.append(.init(from: from, to: target, start: now, duration: 0, device: device))
            state.callbacks += 1
            return true
        }
        return booked ? .object([("sid", .string(sid)), ("status", .string("ok"))]) : error(sid: sid, "unknown device")
    }

    // MARK: Helpers

    /// `start`/`end` as `YYYY-MM-DD HH:MM:SS`; both are mandatory. Local strings of that
    /// fixed shape compare like the times they name.
    private func window(_ body: [String: Any]) -> (String, String)? {
        guard let start = body["start"] as? String, let end = body["end"] as? String,
              Self.isLocalTime(start), Self.isLocalTime(end), start <= end else { return nil }
        return (start, end)
    }

    private func windowError(_ sid: String) -> SimulatorJSON {
        error(sid: sid, "start and end are required (YYYY-MM-DD HH:MM:SS, start <= end)")
    }

    static func isLocalTime(_ s: String) -> Bool {
        let pattern = Array("0000-00-00 00:00:00".utf8)
        let bytes = Array(s.utf8)
        guard bytes.count == pattern.count else { return false }
        return zip(bytes, pattern).allSatisfy { b, p in p == UInt8(ascii: "0") ? (0x30...0x39).contains(b) : b == p }
    }

    static func isE164(_ s: String) -> Bool {
        s.hasPrefix("+") && (8...16).contains(s.count) && s.dropFirst().allSatisfy { $0.isASCII && $0.isNumber } && !s.hasPrefix("+0")
    }

    private func local(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = settings.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ v: Int?) -> String { let v = v ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute)):\(two(c.second))"
    }

    private func ok(_ sid: String, _ key: String, _ payload: SimulatorJSON) -> SimulatorJSON {
        .object([("sid", .string(sid)), ("status", .string("ok")), (key, payload)])
    }

    private func error(sid: String?, _ text: String) -> SimulatorJSON {
        .object([("sid", sid.map { .string($0) } ?? .null), ("status", .string("error")), (settings.errorField, .string(text))])
    }

    private func respond(_ status: HTTPStatus, _ json: SimulatorJSON, session: Bool) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": session ? settings.sessionContentType : settings.dataContentType],
                     body: json.bytes)
    }
}
