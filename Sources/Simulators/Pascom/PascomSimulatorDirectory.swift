import Foundation
import HTTPServer

/// `/identity/`, `/queue/`, `/device/`, `/ipdevice/states`, `/trunk/status`.
extension PascomSimulator {
    func installDirectoryRoutes(on router: inout Router) {
        route(&router, .GET, "identity/") { [self] _, _ in
            list(state.withLock { s in s.users.map { identity($0, list: true) } })
        }
        // The parameter table says `key`, the example URL `keys` (§8.13): both work.
        route(&router, .GET, "identity/states") { [self] request, _ in
            let q = try Self.query(request)
            let keys = (q["keys"] ?? q["key"]).map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            let users = state.withLock { s in s.users.filter { u in keys?.contains(u.name) ?? true } }
            return Self.json(.object(users.map { u in (u.name, .object([("state", .string(u.hint)), ("003use_bez", .string(u.display))])) }))
        }
        route(&router, .GET, "identity/{user}") { [self] _, p in
            guard let u = state.withLock({ $0.user(p["user"] ?? "") }) else { throw Failure(status: 404) }
            return Self.json(identity(u, list: false))
        }
        route(&router, .GET, "queue/") { [self] _, _ in
            list(state.withLock { s in s.queues.map(queueHeader) })
        }
        route(&router, .GET, "queue/{queue}") { [self] _, p in
            let found = state.withLock { s in s.queues.first { $0.name == p["queue"] }.map { q in (q, q.members.map { m in (m, s.user(m.agent)) }) } }
            guard let (q, members) = found else { throw Failure(status: 404) }
            return Self.json(queueDetail(q, members))
        }
        route(&router, .POST, "queue/{queue}/action") { [self] request, p in
            try queueAction(request, queue: p["queue"])
        }
        route(&router, .POST, "queue/action") { [self] request, _ in
            try queueAction(request, queue: nil)
        }
        route(&router, .GET, "device/") { [self] _, _ in
            list(state.withLock { s in s.devices.map { d in
                .object([("066dev_bez", .string(d.type)), ("010dev_bez", .string(d.name)), ("010dev_tmstmp", .string(PascomSimTime.rowStamp(1_583_486_064 + d.id)))])
            } })
        }
        route(&router, .GET, "device/{device}") { [self] _, p in
            let found = state.withLock { s in s.devices.first { $0.name == p["device"] }.map { d in (d, d.owner.flatMap(s.user)) } }
            guard let (d, owner) = found else { throw Failure(status: 404) }
            return Self.json(device(d, owner))
        }
        route(&router, .GET, "ipdevice/states") { [self] request, _ in
            let keys = try Self.query(request)["keys"].map { $0.split(separator: ",").map(String.init) }
            let devices = state.withLock { s in s.devices.filter { d in keys?.contains(d.name) ?? true } }
            return Self.json(.object(devices.map { d in (d.name, .object([
                ("state", .string(d.state)), ("010dev_bez", .string(d.name)), ("010dev_id", .int(d.id)),
                ("013pee_username", .string(d.sipUser)), ("ip_address", .string("")),
            ])) }))
        }
        route(&router, .GET, "trunk/status") { [self] _, _ in
            let trunks = state.withLock { $0.trunks }
            return Self.json(.object(trunks.map { t in (t.name, .object([
                ("peer", .object(t.numbers.map { ($0, .string("unavailable")) })),
                ("register", .object(t.numbers.map { ($0, .string("Registered")) })),
            ])) }))
        }
    }

    /// The list view carries mailbox, e-mail and fax extension; the single view the profile.
    private func identity(_ u: PascomSimUser, list: Bool) -> PascomSimJSON {
        var m: [(String, PascomSimJSON)] = [
            ("003use_id", .int(u.id)), ("003use_lastlogin", .string(PascomSimTime.rowStamp(1_606_721_183 + u.id))),
            ("003use_name", .string(u.name)), ("003use_tmstmp", .string(PascomSimTime.rowStamp(1_606_721_183 + u.id))),
            ("003use_doc", .null), ("003use_enabled", .bool(true)), ("003use_bez", .string(u.display)),
            ("003use_authrole", u.id == 3 ? .string("ROLE_SYSADMIN") : .null), ("034pro_id", .int(1)),
            ("003use_auth_method", .string("LOCAL")), ("003use_state", .text(u.state)), ("003use_statusText", .text(u.statusText)),
            ("107ava_id", .int(u.id + 8)), ("011acc_id", .int(u.id - 1)), ("011acc_tmstmp", .string(PascomSimTime.rowStamp(1_605_856_587))),
            ("011acc_voiidwatch", .int(u.id - 1)), ("011acc_calleridnum", .null), ("020fax_id", u.id == 4 ? .int(1) : .null),
            ("009ext_id", .int(u.id + 1)), ("016voi_id", .int(u.id)), ("011acc_callwaiting", .bool(false)),
            ("009ext_extension", .string(u.ext)), ("009ext_tmstmp", .string(PascomSimTime.rowStamp(1_605_856_587))), ("028pho_id", .int(u.id)),
        ]
        if list {
            m += [("016voi_mailbox", .string(u.ext)), ("016voi_email", .string(u.email)), ("faxextension", u.id == 4 ? .string("301") : .null),
                  ("xmppRoleTmstmp", .string(PascomSimTime.rowStamp(1_574_844_736)))]
        } else {
            m.append(("017pro_id", .int(4)))
        }
        m.append(("skills", .array([])))
        return .object(m)
    }

    private func queueHeader(_ q: PascomSimQueue) -> PascomSimJSON {
        let active = q.members.filter { $0.loggedIn && !$0.paused }.count
        return .object([
            ("029tea_bez", .string(q.name)), ("009ext_extension", .string(q.ext)), ("036que_prefix", .null), ("036que_calleridname", .null),
            ("qid", .string("q_\(q.id)")),
            ("members", .object([
                ("countActiveMembers", .int(active)), ("countMembersNotInUse", .int(active)), ("countMembersUnavailable", .int(0)),
                ("countMembersBusy", .int(0)), ("countMembersRinging", .int(0)), ("countInactiveMembers", .int(q.members.filter { !$0.loggedIn }.count)),
                ("countPausedMembers", .int(q.members.filter(\.paused).count)), ("countMembersPerPauseReason", .array([])),
            ])),
            ("countEntries", .int(q.waiting)),
        ])
    }

    private func queueDetail(_ q: PascomSimQueue, _ members: [(PascomSimMember, PascomSimUser?)]) -> PascomSimJSON {
        let stamp = PascomSimTime.rowStamp(1_612_431_303)
        let entries: [PascomSimJSON] = (0..<q.waiting).map { i in .object([("position", .int(i + 1)), ("callerid", .string("+4922166966966")), ("wait", .int(12 + i))]) }
        return .object([
            ("009ext_id", .int(q.id + 4)), ("009ext_extension", .string(q.ext)), ("009ext_tmstmp", .string(stamp)), ("028pho_id", .null),
            ("029tea_id", .int(q.id)), ("029tea_bez", .string(q.name)), ("029tea_calleridname", .string(q.name)),
            ("029tea_inttimeout", .string("10")), ("029tea_exttimeout", .string("10")), ("029tea_strategy", .string("0")),
            ("029tea_answer", .string("10")), ("052moh_id", .int(1)), ("016voi_id", .int(50)), ("020fax_id", .null),
            ("029tea_tmstmp", .string(stamp)), ("029tea_cce", .bool(true)), ("029tea_pickup", .string("nobody")),
            ("036que_id", .int(q.id)), ("036que_agenttimeout", .null), ("036que_announcefreq", .null),
            ("036que_leavewhenempty", .string("512")), ("036que_joinempty", .string("256")), ("036que_option", .null),
            ("036que_prefix", .null), ("036que_weight", .null), ("036que_tmstmp", .string(stamp)), ("036que_maxlen", .null),
            ("030scr_id", .null), ("036que_labidprio", .null), ("036que_labidtimeout", .null), ("qid", .string("q_\(q.id)")),
            ("members", .array(members.map { m, u in .object([
                ("agent", .string(m.agent)), ("queue", .string(q.name)), ("dynamic", .bool(false)), ("loggedin", .bool(m.loggedIn)),
                ("paused", .bool(m.paused)), ("pausereason", .string(m.reason)),
                ("phonebookentry", .object([
                    ("type", .string("028phonebook")), ("id", .int(u?.id ?? 0)), ("phonebookType", .string("")), ("phonebookName", .string("")),
                    ("displayname", .string(u?.display ?? m.agent)), ("firstname", .string("")), ("surname", .string("")),
                    ("phone", .string(u?.ext ?? "")), ("email", .string(u?.email ?? "")), ("fax", .string("")), ("mobile", .string("")),
                    ("homephone", .string("")), ("organisation", .string("")), ("notes", .string("")), ("labelList", .array([])),
                ])),
            ]) })),
            ("entries", .array(entries)),
            ("pausereasons", .array([.string("lunch"), .string("meeting"), .string("backoffice")])),
        ])
    }

    /// `{"action": login|logout|pause|unpause, "identity": user, "reason"|"code"}`; answered
    /// AMI-style. A pause for someone not in the queue is 404 (the docs do not say).
    private func queueAction(_ request: HTTPRequest, queue: String?) throws -> HTTPResponse {
        let body = try Self.body(request)
        guard let action = body["action"] as? String, ["login", "logout", "pause", "unpause"].contains(action),
              let agent = body["identity"] as? String else { throw Failure(status: 400) }
        let reason = (body["reason"] as? String) ?? (body["code"] as? String) ?? ""
        try state.withLock { s in
            guard s.user(agent) != nil else { throw Failure(status: 404) }
            let targets = s.queues.indices.filter { queue == nil ? s.queues[$0].members.contains { $0.agent == agent } : s.queues[$0].name == queue }
            guard !targets.isEmpty else { throw Failure(status: 404) }
            for qi in targets {
                let mi = s.queues[qi].members.firstIndex { $0.agent == agent }
                switch (action, mi) {
                case ("login", nil): s.queues[qi].members.append(PascomSimMember(agent: agent))
                case ("login", let i?): s.queues[qi].members[i].loggedIn = true
                case ("logout", let i?): s.queues[qi].members[i].loggedIn = false
                case ("pause", let i?): s.queues[qi].members[i].paused = true; s.queues[qi].members[i].reason = reason
                case ("unpause", let i?): s.queues[qi].members[i].paused = false; s.queues[qi].members[i].reason = ""
                default: throw Failure(status: 404)
                }
            }
        }
        var answer: [(String, PascomSimJSON)] = [("Response", .string("Success"))]
        if queue != nil { answer.append(("ActionID", .string(String(UInt64.random(in: 1 << 40 ..< 1 << 48), radix: 16)))) }
        answer.append(("Message", .string("Originate successfully queued")))
        return Self.json(.object(answer))
    }

    /// The detail view with every field of the reference's example, including the SIP
    /// credentials pascom really exposes here.
    private func device(_ d: PascomSimDevice, _ owner: PascomSimUser?) -> PascomSimJSON {
        let stamp: PascomSimJSON = .string(PascomSimTime.rowStamp(1_574_845_665))
        let uid: PascomSimJSON = owner.map { .int($0.id) } ?? .null
        return .object([
            ("066dev_id", .int(26)), ("066dev_bez", .string(d.type)), ("066dev_tmstmp", stamp), ("010dev_id", .int(d.id)),
            ("068bas_id", .null), ("010dev_bez", .string(d.name)), ("010dev_tmstmp", stamp), ("009ext_id", .int(d.id + 5)),
            ("090por_id", .null), ("010dev_token", .null), ("010dev_caption", .null), ("009ext_extension", .text(d.ext)),
            ("009ext_tmstmp", stamp), ("028pho_id", uid), ("srtp_mode", .int(0)), ("012loc_id", .int(d.id + 2)),
            ("010012devloc_intdelay", .string("0")), ("010012devloc_inttimeout", .string("999")),
            ("010012devloc_extdelay", .string("0")), ("010012devloc_exttimeout", .string("999")), ("010012devloc_tmstmp", stamp),
            ("010012devloc_quedelay", .string("0")), ("010012devloc_quetimeout", .string("999")), ("010012devloc_configurable", .bool(false)),
            ("011acc_id", owner.map { .int($0.id - 1) } ?? .null), ("012loc_bez", .text(owner?.display)), ("012loc_doc", .null),
            ("012loc_static", .bool(true)), ("012loc_tmstmp", stamp), ("011acc_tmstmp", stamp), ("011acc_voiidwatch", uid),
            ("011acc_calleridnum", .null), ("020fax_id", .null), ("003use_id", uid), ("016voi_id", uid), ("011acc_callwaiting", .bool(false)),
            ("003use_lastlogin", stamp), ("003use_name", .text(owner?.name)), ("003use_tmstmp", stamp), ("003use_doc", .null),
            ("003use_enabled", .bool(owner != nil)), ("003use_bez", .text(owner?.display)), ("003use_authrole", .null),
            ("034pro_id", .int(1)), ("003use_auth_method", .string("LOCAL")), ("003use_state", .text(owner?.state)),
            ("003use_statusText", .text(owner?.statusText)), ("107ava_id", .int(1)), ("034pro_bez", .string("Deutsch")),
            ("034pro_kz", .string("de")), ("034pro_tmstmp", stamp), ("034pro_locale", .string("de_DE")), ("034pro_default", .bool(true)),
            ("016voi_email", .text(owner?.email)), ("016voi_mailbox", .text(owner?.ext)), ("016voi_name", .text(owner?.display)),
            ("016voi_tmstmp", stamp), ("016voi_format", .string("wav")), ("016voi_save", .bool(true)), ("015ipd_id", .int(d.id)),
            ("013pee_id", .int(d.id)), ("015ipd_option", .string("{}")), ("015ipd_tmstmp", stamp), ("015ipd_nat", .bool(false)),
            ("013pee_option", .null), ("013pee_username", .string(d.sipUser)), ("013pee_password", .string(d.sipPassword)),
            ("013pee_tmstmp", stamp), ("listtrc", .string("040701")), ("edittrc", .string("041104")), ("editid", .int(d.id)),
            ("protocol", .string("PJSIP")), ("locatable", .bool(true)), ("dynLocatable", .bool(false)), ("extension", .text(d.ext)),
            ("connection", .null), ("capabilities", .array(d.capabilities.map { .string($0) })), ("srtp", .bool(false)),
            ("device_caption", .string(d.name)),
        ])
    }
}
