import Foundation
import PBXCore

/// What mapping needs from the tenant: its zone for fonial's local times, its country for
/// E.164.
public struct FonialMappingContext: Sendable {
    public var timeZone: TimeZone
    public var normalizer: PhoneNumberNormalizer
    /// Gregorian in `timeZone`, made once.
    public var calendar: Calendar

    public init(timeZone: TimeZone, country: String?) {
        self.timeZone = timeZone
        self.normalizer = PhoneNumberNormalizer(country: country)
        self.calendar = FonialLocalTime.calendar(timeZone)
    }
}

/// fonial DTO → neutral model. Pure functions (CATALOGUE §7.1, §7.6).
enum FonialMapping {
    /// Field names fonial could send that must never leave the gateway, beyond the shared
    /// markers (`sid` is one of those already; listed for clarity).
    static let secretFields: Set<String> = ["sid", "password", "passwort", "username"]

    /// EVN records → outbound calls. Records are billed connections; one with `duration` 0
    /// was not answered by the callee. `duration` is trusted over `dateEnd − dateStart`
    /// (the docs' own example disagrees with itself, CATALOGUE §8.58).
    static func calls(evn records: [FonialEVNRecord], context: FonialMappingContext) throws(PBXError) -> [Call] {
        let calls = try records.map { (record) throws(PBXError) -> Call in
            guard let start = record.dateStart, let startedAt = start.date(in: context.calendar) else {
                throw PBXError.upstream(status: nil, detail: "fonial sent an EVN record without a readable dateStart")
            }
            let id = FonialCallID(kind: .evn, time: start, fields: [record.sipuser, start.description, record.from, record.to])
            let answered = (record.duration ?? 1) > 0
            let endedAt = record.dateEnd.flatMap { $0.date(in: context.calendar) }
            let duration = record.duration ?? endedAt.map { max(0, Int($0.timeIntervalSince(startedAt))) }
            return Call(
                id: id.description, direction: .outbound, status: answered ? .answered : .missed,
                startedAt: startedAt, answeredAt: answered ? startedAt : nil, endedAt: endedAt,
                durationSeconds: duration, talkSeconds: answered ? duration : 0,
                from: party(record.from, name: record.target, context: context),
                to: party(record.to, name: nil, context: context),
                costs: record.costs, raw: record.raw.redactingSecrets(extra: secretFields))
        }
        return numberingTwins(calls)
    }

    /// Journal records → inbound calls. Only `TAKEN` is documented; the rest is read by
    /// meaning, and anything unknown counts as not answered (CATALOGUE §7.1).
    static func calls(journal records: [FonialJournalRecord], context: FonialMappingContext) throws(PBXError) -> [Call] {
        let calls = try records.map { (record) throws(PBXError) -> Call in
            guard let date = record.date, let startedAt = date.date(in: context.calendar) else {
                throw PBXError.upstream(status: nil, detail: "fonial sent a journal record without a readable date")
            }
            let id = FonialCallID(kind: .jrn, time: date, fields: [date.description, record.from, record.to])
            return Call(
                id: id.description, direction: .inbound, status: callStatus(journalStatus: record.status),
                startedAt: startedAt, from: party(record.from, name: nil, context: context),
                to: party(record.to, name: nil, context: context),
                raw: record.raw.redactingSecrets(extra: secretFields))
        }
        return numberingTwins(calls)
    }

    static func callStatus(journalStatus: String?) -> CallStatus {
        switch journalStatus?.uppercased().filter({ $0.isLetter }) {
        case "TAKEN", "ANSWERED", "ACCEPTED": .answered
        case "BUSY": .busy
        case "VOICEMAIL", "MAILBOX", "VOICEBOX": .voicemail
        case "FAILED", "ERROR", "CONGESTION": .failed
        default: .missed
        }
    }

    /// Newest first; equal start times by id, so the order is total and stable across calls.
    static func newestFirst(_ a: Call, _ b: Call) -> Bool {
        a.startedAt != b.startedAt ? a.startedAt > b.startedAt : a.id > b.id
    }

    static func merged(_ outgoing: [Call], _ incoming: [Call]) -> [Call] {
        (outgoing + incoming).sorted(by: newestFirst)
    }

    static func device(_ dto: FonialDeviceDTO) -> Device {
        Device(id: dto.id, name: dto.name, userId: nil, state: nil, raw: dto.raw.redactingSecrets(extra: secretFields))
    }

    static func number(_ dto: FonialNumberDTO, context: FonialMappingContext) -> PhoneNumber {
        let raw = dto.number ?? ""
        return PhoneNumber(id: dto.id, number: raw.isEmpty ? raw : context.normalizer.normalize(raw),
                           raw: dto.raw.redactingSecrets(extra: secretFields))
    }

    static func party(_ raw: String?, name: String?, context: FonialMappingContext) -> Party {
        guard let raw else { return Party(name: name) }
        return Party(number: context.normalizer.normalize(raw), rawNumber: raw, name: name)
    }

    /// Records identical in every identifying field (a bill can list a call twice) keep
    /// distinct ids: the second gets `-2`, the third `-3`, in the order fonial sent them.
    static func numberingTwins(_ calls: [Call]) -> [Call] {
        var seen: [String: Int] = [:]
        return calls.map { call in
            let n = (seen[call.id] ?? 0) + 1
            seen[call.id] = n
            guard n > 1 else { return call }
            var twin = call
            twin.id += "-\(n)"
            return twin
        }
    }
}
