import Foundation
import HTTPServer

/// `/cdr/` (both record layouts, the documented filters), `/cdr/live`, and the device
/// actions that start, hang up and transfer calls.
extension PascomSimulator {
    func installCallRoutes(on router: inout Router) {
        route(&router, .GET, "cdr/") { [self] request, _ in
            let q = try Self.query(request)
            let records = try state.withLock { s in try cdr(s, q) }
            return list(records)
        }
        route(&router, .GET, "cdr/live") { [self] _, _ in
            list(state.withLock { s in s.live.map { live($0) } })
        }
        route(&router, .GET, "cdr/live/{id}") { [self] _, p in
            guard let call = state.withLock({ s in s.live.first { String($0.phonecallId) == p["id"] } }) else { return Self.empty(204) }
            return Self.json(live(call))
        }
        route(&router, .POST, "identity/{user}/defaultdevice/action") { [self] request, p in
            try deviceAction(user: p["user"] ?? "", device: nil, request)
        }
        route(&router, .POST, "identity/{user}/device/{device}/action") { [self] request, p in
            try deviceAction(user: p["user"] ?? "", device: p["device"], request)
        }
    }

    // MARK: /cdr/

    private func cdr(_ s: PascomSimData, _ q: [String: String]) throws -> [PascomSimJSON] {
        let limit = try q["limit"].map { v in guard let n = Int(v), n > 0 else { throw Failure(status: 400) }; return n } ?? settings.defaultCDRLimit
        let from = try q["timefrom"].map { try PascomSimTime.filter($0, endOfDay: false, zone: settings.timeZone) }
        let to = try q["timeto"].map { try PascomSimTime.filter($0, endOfDay: true, zone: settings.timeZone) }
        guard q["order"] == nil || q["order"] == "asc" || q["order"] == "desc" else { throw Failure(status: 400) }
        var hits = s.calls.filter { c in
            (from.map { c.ms >= $0 } ?? true) && (to.map { c.ms <= $0 } ?? true) && Self.matches(c, q)
        }
        if q["chaindata"] == "true", !hits.isEmpty {
            let chains = Set(hits.map(\.chain))
            hits = s.calls.filter { chains.contains($0.chain) }
        }
        hits.sort { a, b in a.ms != b.ms ? a.ms > b.ms : a.id > b.id }
        if q["order"] == "asc" { hits.reverse() }
        return hits.prefix(limit).map { settings.cdrLayout == .current ? record($0) : legacy($0) }
    }

    /// The documented filters; `%` is a wildcard in names and numbers.
    static func matches(_ c: PascomSimCall, _ q: [String: String]) -> Bool {
        func eq(_ key: String, _ value: String?) -> Bool { q[key].map { $0 == (value ?? "") } ?? true }
        func like(_ key: String, _ value: String) -> Bool { q[key].map { PascomSimTime.like($0, value) } ?? true }
        func flag(_ key: String, _ value: Bool) -> Bool { q[key].map { $0.lowercased() == String(value) } ?? true }
        return eq("id", String(c.id)) && eq("phonecallid", String(c.phonecallId)) && eq("chain", c.chain)
            && eq("parentid", c.parentId.map(String.init)) && eq("result", c.result) && eq("resultDetails", c.details)
            && eq("via", c.via) && eq("viadetail", c.viaDetails) && eq("recordid", c.recordId)
            && eq("srcusername", c.src.user?.name) && eq("dstusername", c.dst.user?.name)
            && eq("srcuserid", c.src.user.map { String($0.id) }) && eq("dstuserid", c.dst.user.map { String($0.id) })
            && eq("srcextension", c.src.internal ? c.src.number : nil) && eq("dstextension", c.dst.internal ? c.dst.number : nil)
            && eq("srcdevicename", c.src.device?.name) && eq("dstdevicename", c.dst.device?.name)
            && like("srcnumber", c.src.number) && like("dstnumber", c.dst.number)
            && like("srcname", c.src.name) && like("dstname", c.dst.name)
            && flag("srcinternal", c.src.internal) && flag("dstinternal", c.dst.internal)
            && flag("recorded", c.recordId != nil)
            && (q["durationfrom"].flatMap(Int.init).map { c.duration >= $0 } ?? true)
            && (q["connectedfrom"].flatMap(Int.init).map { c.connected >= $0 } ?? true)
    }

    /// The reference's record (`src*`/`dst*`, JSON booleans, `""` for absent ids).
    func record(_ c: PascomSimCall) -> PascomSimJSON {
        var m: [(String, PascomSimJSON)] = [
            ("id", .int(c.id)), ("timestamp", .int(Int(c.ms))), ("time", .string(PascomSimTime.reference(c.ms))),
            ("parentId", .idOrEmpty(c.parentId)), ("chain", .string(c.chain)), ("phonecallId", .int(c.phonecallId)),
            ("result", .string(c.result)), ("resultDetails", .string(c.details)), ("via", .string(c.via)),
            ("viaDetails", .string(c.viaDetails)), ("recordId", .string(c.recordId ?? "")), ("duration", .int(c.duration)),
            ("connected", .int(c.connected)), ("holdCount", .int(0)), ("holdDuration", .int(0)),
        ]
        m += side(c.src, "src", phonebook: true) + side(c.dst, "dst", phonebook: true)
        if let q = c.queue {
            let state: PascomSimJSON = .object([
                ("countEntries", .int(q.waiting)), ("countMembersBusy", .int(0)),
                ("countActiveMembers", .int(q.members.filter { $0.loggedIn && !$0.paused }.count)),
                ("countPausedMembers", .int(q.members.filter(\.paused).count)), ("countMembersRinging", .int(0)),
                ("countInactiveMembers", .int(q.members.filter { !$0.loggedIn }.count)), ("countMembersNotInUse", .int(0)),
                ("countMembersUnavailable", .int(0)), ("countMembersPerPauseReason", .array([])),
            ])
            m.append(("data", .object([("queue", .object([
                ("queueId", .int(q.id)), ("queueName", .string(q.name)), ("joinPosition", .int(1)), ("ringedAgents", .int(q.members.count)),
                ("leavePosition", .int(1)), ("joinQueueState", state), ("queueExtension", .string(q.ext)),
            ]))])))
        } else {
            m.append(("data", .object([])))
        }
        return .object(m)
    }

    /// The German intro's older record: one user's view, the other party as `name`/`number`.
    func legacy(_ c: PascomSimCall) -> PascomSimJSON {
        let inbound = !c.src.internal && c.dst.internal
        let me = inbound ? c.dst : c.src, other = inbound ? c.src : c.dst
        return .object([
            ("id", .int(c.id)), ("timestamp", .int(Int(c.ms))), ("time", .string(PascomSimTime.local(c.ms, settings.timeZone))),
            ("userId", .idOrEmpty(me.user?.id)), ("userName", .string(me.user?.name ?? "")), ("extension", .string(me.user?.ext ?? "")),
            ("inbound", .int(inbound ? 1 : 0)), ("internal", .int(c.src.internal && c.dst.internal ? 1 : 0)),
            ("duration", .int(c.duration)), ("connected", .int(c.connected)),
            ("deviceId", .idOrEmpty(me.device?.id)), ("deviceName", .string(me.device?.name ?? "")),
            ("locationId", .idOrEmpty(me.user?.id)), ("locationName", .string(me.user?.display ?? "")),
            ("recordId", .string(c.recordId ?? "")), ("voicemailId", .string(c.details == "voicemail" ? "\(c.id)" : "")),
            ("name", .string(other.name)), ("number", .string(other.number)), ("prefix", .string("")),
            ("phonebookEntryId", .string("")), ("result", .string(c.result)), ("resultDetails", .string(c.details)),
            ("via", .string(c.via)), ("viaDetails", .string(c.viaDetails)), ("phonecallRecordId", .int(c.id)),
            ("chain", .string(c.chain)), ("labelList", .array([])),
        ])
    }

    func live(_ c: PascomSimCall) -> PascomSimJSON {
        let elapsed = max(0, c.duration)
        var m: [(String, PascomSimJSON)] = [
            ("phonecallId", .int(c.phonecallId)), ("timestamp", .int(Int(c.ms))), ("time", .string(PascomSimTime.reference(c.ms))),
            ("parentId", .idOrEmpty(c.parentId)), ("via", .string(c.via)), ("viaDetails", .string(c.viaDetails)),
            ("duration", .int(elapsed)), ("connected", .int(c.connected)), ("ringing", .int(elapsed - c.connected)),
            ("holdCount", .int(c.state == "HOLD" ? 1 : 0)), ("holdDuration", .int(0)), ("state", .string(c.state)),
        ]
        m += side(c.src, "src", phonebook: false) + side(c.dst, "dst", phonebook: false)
        m.append(("data", .object([("voicemail", .array([]))])))
        return .object(m)
    }

    private func side(_ p: PascomSimParty, _ prefix: String, phonebook: Bool) -> [(String, PascomSimJSON)] {
        var m: [(String, PascomSimJSON)] = [
            (prefix + "Internal", .bool(p.internal)), (prefix + "UserId", .idOrEmpty(p.user?.id)),
            (prefix + "UserName", .string(p.user?.name ?? "")), (prefix + "Name", .string(p.name)),
            (prefix + "DeviceId", .idOrEmpty(p.device?.id)), (prefix + "DeviceName", .string(p.device?.name ?? "")),
            (prefix + "LocationId", .idOrEmpty(p.user.map { $0.id + 1 })), (prefix + "LocationName", .string(p.user?.display ?? "")),
            (prefix + "Prefix", .string("")), (prefix + "Number", .string(p.number)),
            (prefix + "Extension", .string(p.internal ? p.number : "")),
        ]
        if phonebook { m.append((prefix + "PhonebookEntryId", .idOrEmpty(p.user?.id))) }
        return m
    }

    // MARK: Device actions

    private func deviceAction(user: String, device: String?, _ request: HTTPRequest) throws -> HTTPResponse {
        let body = try Self.body(request)
        guard let action = body["action"] as? String else { throw Failure(status: 400) }
        let destination = body["destination"] as? String
        let nowMs = Int64((settings.now ?? Date()).timeIntervalSince1970 * 1000)
        let answer: String = try state.withLock { s in
            guard let u = s.user(user) else { throw Failure(status: 404) }
            let dev = try device.map { name in
                guard let d = s.devices.first(where: { $0.name == name && $0.owner == user }) else { throw Failure(status: 404) }
                return d
            } ?? s.softphone(of: user)
            guard let dev else { throw Failure(status: 404) }
            guard dev.capabilities.contains(action) else { throw Failure(status: 400) }
            let mine = s.live.indices.filter { s.live[$0].src.user?.name == user || s.live[$0].dst.user?.name == user }
            switch action {
            case "dial":
                guard let destination, !destination.isEmpty else { throw Failure(status: 400) }
                var src = s.party(u)
                src.device = dev
                let dst = s.users.first { $0.ext == destination }.map(s.party) ?? PascomSimData.external(destination)
                s.live.append(PascomSimCall(id: 0, ms: nowMs, phonecallId: s.nextPhonecallID, chain: "", parentId: nil, src: src, dst: dst,
                                            duration: 0, connected: 0, result: "", details: "", state: "RINGING"))
                s.nextPhonecallID += 1
                return "dial commited"
            case "hangup":
                guard let i = mine.last else { throw Failure(status: 400) }
                var ended = s.live.remove(at: i)
                ended.id = s.nextCallID
                ended.chain = "\(ended.ms)_1"
                ended.result = "hangup"
                ended.details = ended.src.user?.name == user ? "src" : "dst"
                s.calls.append(ended)
                s.nextCallID += 1
                return "hangup commited"
            case "transfer":
                guard let i = mine.last, let destination, !destination.isEmpty else { throw Failure(status: 400) }
                let target = s.users.first { $0.ext == destination }.map(s.party) ?? PascomSimData.external(destination)
                if s.live[i].src.user?.name == user { s.live[i].src = target } else { s.live[i].dst = target }
                return "transfer commited"
            case "hold":
                guard let i = mine.last else { throw Failure(status: 400) }
                s.live[i].state = "HOLD"
                return "hold commited"
            default:
                return "\(action) commited"
            }
        }
        return Self.json(.object([("response", .string(answer))]))
    }
}
