import PBXCore

/// The neutral model as API.md shows it: every member present, nil as `null`, `raw` only
/// when asked for and stripped of secrets once more here (the adapters strip first).
extension JSONWriter {
    mutating func raw(_ value: JSONValue?, include: Bool) {
        guard include else { return }
        key("raw")
        if let value { self.value(value.redactingSecrets()) } else { null() }
    }

    mutating func party(_ p: Party) {
        beginObject()
        key("number"); string(p.number)
        key("rawNumber"); string(p.rawNumber)
        key("name"); string(p.name)
        key("extension"); string(p.extension)
        key("userId"); string(p.userId)
        endObject()
    }

    mutating func call(_ c: Call, raw include: Bool) {
        beginObject()
        key("id"); string(c.id)
        key("direction"); string(c.direction.rawValue)
        key("status"); string(c.status.rawValue)
        key("startedAt"); date(c.startedAt)
        key("answeredAt"); date(c.answeredAt)
        key("endedAt"); date(c.endedAt)
        key("durationSeconds"); int(c.durationSeconds)
        key("talkSeconds"); int(c.talkSeconds)
        key("from"); party(c.from)
        key("to"); party(c.to)
        key("queueId"); string(c.queueId)
        key("recordingId"); string(c.recordingId)
        key("costs"); string(c.costs)
        raw(c.raw, include: include)
        endObject()
    }

    mutating func activeCall(_ c: ActiveCall, raw include: Bool) {
        beginObject()
        key("id"); string(c.id)
        key("startedAt"); date(c.startedAt)
        key("state"); string(c.state.rawValue)
        key("from"); party(c.from)
        key("to"); party(c.to)
        key("userId"); string(c.userId)
        raw(c.raw, include: include)
        endObject()
    }

    mutating func user(_ u: User, raw include: Bool) {
        beginObject()
        key("id"); string(u.id)
        key("name"); string(u.name)
        key("username"); string(u.username)
        key("extensions"); strings(u.extensions)
        key("email"); string(u.email)
        key("presence"); string(u.presence.rawValue)
        raw(u.raw, include: include)
        endObject()
    }

    mutating func queue(_ q: Queue, raw include: Bool) {
        beginObject()
        key("id"); string(q.id)
        key("name"); string(q.name)
        key("extension"); string(q.extension)
        key("waitingCalls"); int(q.waitingCalls)
        key("agentCount"); int(q.agentCount)
        raw(q.raw, include: include)
        endObject()
    }

    mutating func agent(_ a: Agent, raw include: Bool) {
        beginObject()
        key("id"); string(a.id)
        key("userId"); string(a.userId)
        key("name"); string(a.name)
        key("extension"); string(a.extension)
        key("paused"); bool(a.paused)
        key("pauseReason"); string(a.pauseReason)
        key("state"); string(a.state.rawValue)
        raw(a.raw, include: include)
        endObject()
    }

    mutating func contact(_ c: Contact, raw include: Bool) {
        beginObject()
        key("id"); string(c.id)
        key("name"); string(c.name)
        key("firstName"); string(c.firstName)
        key("lastName"); string(c.lastName)
        key("company"); string(c.company)
        key("email"); string(c.email)
        key("numbers")
        beginArray()
        for n in c.numbers {
            beginObject()
            key("type"); string(n.type.rawValue)
            key("number"); string(n.number)
            key("rawNumber"); string(n.rawNumber)
            endObject()
        }
        endArray()
        raw(c.raw, include: include)
        endObject()
    }

    mutating func lookupMatch(_ m: LookupMatch, raw _: Bool) {
        beginObject()
        key("kind"); string(m.kind.rawValue)
        key("id"); string(m.id)
        key("name"); string(m.name)
        key("company"); string(m.company)
        key("matchedNumber"); string(m.matchedNumber)
        endObject()
    }

    mutating func voicemailBox(_ b: VoicemailBox, raw include: Bool) {
        beginObject()
        key("id"); string(b.id)
        key("name"); string(b.name)
        key("extension"); string(b.extension)
        key("newMessages"); int(b.newMessages)
        key("oldMessages"); int(b.oldMessages)
        raw(b.raw, include: include)
        endObject()
    }

    mutating func voicemailMessage(_ m: VoicemailMessage, raw include: Bool) {
        beginObject()
        key("id"); string(m.id)
        key("boxId"); string(m.boxId)
        key("folder"); string(m.folder.rawValue)
        key("from"); party(m.from)
        key("receivedAt"); date(m.receivedAt)
        key("durationSeconds"); int(m.durationSeconds)
        raw(m.raw, include: include)
        endObject()
    }

    mutating func device(_ d: Device, raw include: Bool) {
        beginObject()
        key("id"); string(d.id)
        key("name"); string(d.name)
        key("userId"); string(d.userId)
        key("state"); string(d.state)
        raw(d.raw, include: include)
        endObject()
    }

    mutating func phoneNumber(_ n: PhoneNumber, raw include: Bool) {
        beginObject()
        key("id"); string(n.id)
        key("number"); string(n.number)
        raw(n.raw, include: include)
        endObject()
    }

    mutating func tenant(_ t: Tenant) {
        beginObject()
        key("id"); string(t.id)
        key("vendor"); string(t.vendor)
        key("capabilities"); strings(t.capabilities.sorted().map(\.rawValue))
        endObject()
    }

    /// `{"data": [...], "nextCursor": ...}`.
    static func list<T>(_ items: [T], nextCursor: String?, _ write: (inout JSONWriter, T) -> Void) -> [UInt8] {
        var w = JSONWriter(capacity: 256 + items.count * 256)
        w.beginObject()
        w.key("data")
        w.beginArray()
        for item in items { write(&w, item) }
        w.endArray()
        w.key("nextCursor"); w.string(nextCursor)
        w.endObject()
        return w.bytes
    }

    static func object(_ write: (inout JSONWriter) -> Void) -> [UInt8] {
        var w = JSONWriter()
        write(&w)
        return w.bytes
    }
}
