import Foundation
import HTTPServer

// The vendor endpoints, grouped as the v2 collection groups them.
extension VitalPBXSimulator {
    private var records: VitalPBXRecords { VitalPBXRecords(data: state.withLock { $0 }, settings: settings) }

    private func requireExtension(_ id: String?) throws -> VitalPBXDataSet.Extension {
        try Self.find(id, in: state.withLock { $0.extensions }, \.id, "Extension")
    }

    /// The record whose integer id is the path parameter, or the vendor's 404.
    static func find<T>(_ id: String?, in items: [T], _ key: KeyPath<T, Int>, _ what: String) throws -> T {
        guard let n = int(id), let hit = items.first(where: { $0[keyPath: key] == n }) else {
            throw Failure(status: 404, message: "\(what) not found")
        }
        return hit
    }

    func installDirectoryRoutes(on router: inout Router) {
        route(&router, .GET, "/extensions") { [self] _, _ in
            let r = records
            return Self.success(r.data.extensions.map(r.extensionRecord))
        }
        route(&router, .GET, "/extensions/{id}") { [self] _, p in
            let record = records.extensionRecord(try requireExtension(p["id"]))
            return Self.success(settings.extensionByIDAsArray ? [record] : record)
        }
        route(&router, .GET, "/extensions/{id}/devices") { [self] _, p in
            let e = try requireExtension(p["id"]), r = records
            return Self.success(r.data.devices.filter { $0.extensionID == e.id }.map(r.deviceRecord), message: NSNull())
        }
        route(&router, .GET, "/extensions/{id}/queues") { [self] _, p in
            Self.success(records.extensionQueues(try requireExtension(p["id"])), message: NSNull())
        }
        route(&router, .GET, "/extensions/{id}/cdr_summary") { [self] _, p in
            Self.success(records.cdrSummary(try requireExtension(p["id"])))
        }
        route(&router, .GET, "/queues") { [self] _, _ in
            let r = records
            return Self.success(r.data.queues.map(r.queueRecord), message: NSNull())
        }
        route(&router, .GET, "/queues/{id}") { [self] _, p in
            let r = records
            return Self.success(r.queueRecord(try Self.find(p["id"], in: r.data.queues, \.id, "Queue")), message: NSNull())
        }
        route(&router, .GET, "/devices") { [self] _, _ in
            let r = records
            return Self.success(r.data.devices.map(r.deviceRecord), message: NSNull())
        }
        route(&router, .GET, "/devices/{id}") { [self] _, p in
            let r = records
            return Self.success(r.deviceRecord(try Self.find(p["id"], in: r.data.devices, \.id, "Device")), message: NSNull())
        }
        route(&router, .GET, "/devices/{id}/queues") { [self] _, p in
            let r = records, device = try Self.find(p["id"], in: r.data.devices, \.id, "Device")
            return Self.success(r.data.memberships.filter { $0.deviceID == device.id }.map(r.membershipRecord), message: NSNull())
        }
        for action in ["queues-pause", "queues-unpause", "queues-login", "queues-logout"] {
            route(&router, .POST, "/devices/{id}/\(action)") { [self] request, p in
                try agentAction(action, device: p["id"], body: Self.body(request))
            }
        }
        route(&router, .GET, "/phonebooks") { [self] _, _ in
            let r = records
            return Self.success(r.data.phonebooks.map(r.phonebookRecord), message: NSNull())
        }
        route(&router, .GET, "/phonebooks/{id}") { [self] _, p in
            let r = records
            return Self.success(r.phonebookRecord(try Self.find(p["id"], in: r.data.phonebooks, \.id, "Phonebook")), message: NSNull())
        }
        route(&router, .GET, "/phonebooks/{id}/contacts") { [self] _, p in
            let r = records, book = try Self.find(p["id"], in: r.data.phonebooks, \.id, "Phonebook")
            return Self.success(r.data.contacts.filter { $0.phonebookID == book.id }.map(r.contactRecord), message: NSNull())
        }
    }

    /// `POST devices/{id}/queues-pause|unpause|login|logout` with an optional `queue_id`
    /// (all the device's queues without it) and, for pause, a `reason`.
    private func agentAction(_ action: String, device: String?, body: [String: Any]) throws -> HTTPResponse {
        guard let deviceID = Self.int(device) else { throw Failure(status: 404, message: "Device not found") }
        let queueID: Int? = body["queue_id"] == nil ? nil : Self.int(body["queue_id"])
        if body["queue_id"] != nil && queueID == nil { throw Failure(status: 400, message: "Invalid queue_id") }
        let reason = body["reason"] as? String ?? ""
        try state.withLock { s throws(Failure) in
            guard s.devices.contains(where: { $0.id == deviceID }) else { throw Failure(status: 404, message: "Device not found") }
            let hits = s.memberships.indices.filter { s.memberships[$0].deviceID == deviceID && (queueID == nil || s.memberships[$0].queueID == queueID) }
            guard !hits.isEmpty else { throw Failure(status: 404, message: "Device is not a member of that queue") }
            for i in hits {
                switch action {
                case "queues-pause": s.memberships[i].paused = true; s.memberships[i].pauseReason = reason
                case "queues-unpause": s.memberships[i].paused = false; s.memberships[i].pauseReason = ""
                case "queues-login": s.memberships[i].loggedIn = true
                default: s.memberships[i].loggedIn = false
                }
            }
        }
        return Self.success(NSNull(), message: "Done")
    }

    func installCallRoutes(on router: inout Router) {
        route(&router, .GET, "/cdr") { [self] request, _ in
            try cdr(Self.queryItems(request))
        }
        route(&router, .POST, "/core/click_to_call") { [self] request, _ in
            let body = try Self.body(request)
            guard let caller = (body["caller"] as? String) ?? Self.int(body["caller"]).map(String.init), !caller.isEmpty else {
                throw Failure(status: 400, message: "caller is required")
            }
            guard let callee = (body["callee"] as? String) ?? Self.int(body["callee"]).map(String.init), !callee.isEmpty else {
                throw Failure(status: 400, message: "callee is required")
            }
            let cos = body["cos_id"] == nil ? 1 : Self.int(body["cos_id"])
            // Whole seconds, as `calldate` has them; the window filter compares with it.
            let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
            try state.withLock { s throws(Failure) in
                guard s.extensions.contains(where: { $0.number == caller }) else { throw Failure(status: 400, message: "Invalid caller extension") }
                guard let cos, s.classesOfService.contains(cos) else { throw Failure(status: 400, message: "Invalid class of service") }
                let id = (s.cdrs.map(\.id).max() ?? 999) + 1
                s.activeCalls.append(.init(id: "\(Int(now.timeIntervalSince1970)).\(id)", caller: caller, callee: callee, startedAt: now))
                // The call's record is written when it is placed (the simulation never hangs up).
                let internalCallee = s.extensions.contains { $0.number == callee }
                s.cdrs.append(.init(id: id, calldate: now,
                                    clid: "\"Click to Call\" <\(caller)>", src: caller, dst: callee, duration: 0, billsec: 0,
                                    disposition: "ANSWERED", lastapp: "Dial", calltype: internalCallee ? "local" : "outgoing"))
            }
            return Self.success(NSNull(), message: "Call in progress")
        }
    }

    /// `GET cdr`: window, `limit`, sort and the filters the known clients send
    /// (`extensions`, `calltype`, `disposition`); unknown parameters are ignored, as PHP does.
    private func cdr(_ q: [String: String]) throws -> HTTPResponse {
        let start = try bound(q[settings.cdrStartParam], name: settings.cdrStartParam, end: false)
        let end = try bound(q[settings.cdrEndParam], name: settings.cdrEndParam, end: true)
        var limit: Int?
        if let raw = q["limit"] {
            guard let n = Int(raw), n >= 1 else { throw Failure(status: 400, message: "Invalid limit") }
            limit = n
        }
        let descending = switch settings.cdrSort {
        case .orderBy: q["order_by"] == "calldate" && q["order_type"]?.lowercased() == "desc"
        case .sortBy: q["sort_by"] == "date" && q["sort_order"]?.lowercased() == "desc"
        }
        let extensions = q["extensions"].map { Set($0.split(separator: ",").map(String.init)) }
        let r = records
        var rows = r.data.cdrs.filter { c in
            (start.map { c.calldate >= $0 } ?? true) && (end.map { c.calldate <= $0 } ?? true)
                && (extensions.map { $0.contains(c.src) || $0.contains(c.dst) } ?? true)
                && (q["calltype"].map { $0 == c.calltype } ?? true)
                && (q["disposition"].map { c.disposition.hasPrefix($0.uppercased()) } ?? true)
        }
        rows.sort { a, b in a.calldate != b.calldate ? (a.calldate < b.calldate) != descending : (a.id < b.id) != descending }
        let total = rows.count
        if let limit { rows = Array(rows.prefix(limit)) }
        let result = rows.map(r.cdrRecord)
        switch settings.cdrLayout {
        case .resultAndRows: return Self.success(["rows": total, "result": result] as [String: Any], message: NSNull())
        case .array: return Self.success(result)
        }
    }

    private func bound(_ value: String?, name: String, end: Bool) throws -> Date? {
        guard let value, !value.isEmpty else { return nil }
        switch settings.cdrDateFormat {
        case .epoch:
            guard let n = Int64(value) else { throw Failure(status: 400, message: "Invalid \(name)") }
            return Date(timeIntervalSince1970: TimeInterval(n))
        case .date:
            let parts = value.split(separator: "-").compactMap { Int($0) }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = settings.timeZone
            guard parts.count == 3, value.count == 10,
                  let day = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])) else {
                throw Failure(status: 400, message: "Invalid \(name)")
            }
            return end ? calendar.date(byAdding: .second, value: 86_399, to: day) : day
        }
    }
}
