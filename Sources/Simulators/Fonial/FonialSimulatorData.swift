import Foundation

/// The simulated fonial account: devices, numbers and a few days of outgoing (EVN) and
/// incoming (journal) calls relative to "now", in every outcome.
struct FonialSimulatorData: Sendable {
    struct Device: Sendable {
        var id: Int
        var name: String
        var sipuser: String
    }

    struct Number: Sendable {
        var id: Int
        var number: String
    }

    /// One billed outgoing call.
    struct Outgoing: Sendable {
        var from: String
        var to: String
        var start: Date
        var duration: Int
        var device: Device
    }

    /// One incoming call. Only `TAKEN` is documented; the other values are the simulator's
    /// choice for the outcomes the docs do not name.
    struct Incoming: Sendable {
        var date: Date
        var from: String
        var to: String
        var status: String
    }

    var devices: [Device]
    var numbers: [Number]
    var outgoing: [Outgoing]
    var incoming: [Incoming]

    static let journalStatuses = ["TAKEN", "MISSED", "TAKEN", "BUSY", "TAKEN", "VOICEMAIL"]

    static let externalNumbers = [
        "+4922111223344", "+4930123456789", "+498912345678", "+4917612345678",
        "+494033445566", "+43122233344", "+41445556677", "+496988776655",
    ]

    /// Deterministic for a given `now` (whole seconds): a call roughly every 2 h 17 min,
    /// alternating out and in, plus one outgoing and one incoming call in the same second
    /// and two identical EVN records (both happen in real bills).
    static func generate(now: Date, days: Int) -> FonialSimulatorData {
        let devices = [
            Device(id: 23, name: "Telefon Martin Mustermann", sipuser: "fo212345ip12345_00"),
            Device(id: 674, name: "Telefon Bettina Beispiel", sipuser: "fo212345ip12345_01"),
            Device(id: 1234, name: "Telefon Empfang", sipuser: "fo212345ip12345_02"),
            Device(id: 1301, name: "Softphone Lager", sipuser: "fo212345ip12345_03"),
        ]
        let numbers = [
            Number(id: 21, number: "+4922166966966"), Number(id: 276, number: "+4922166966999"),
            Number(id: 310, number: "+4930555123400"),
        ]
        let base = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let step: TimeInterval = 2 * 3600 + 17 * 60 + 13
        let count = max(1, Int(Double(days) * 86_400 / step))
        var outgoing: [Outgoing] = []
        var incoming: [Incoming] = []
        for k in 1...count {
            let at = base.addingTimeInterval(-step * Double(k) + 600)
            let other = externalNumbers[k % externalNumbers.count]
            let own = numbers[k % numbers.count].number
            if k % 2 == 0 {
                let duration = k % 5 == 0 ? 0 : 30 + (k * 97) % 900
                outgoing.append(Outgoing(from: own, to: other, start: at, duration: duration, device: devices[k % devices.count]))
            } else {
                incoming.append(Incoming(date: at, from: other, to: own, status: journalStatuses[(k / 2) % journalStatuses.count]))
            }
        }
        let tie = base.addingTimeInterval(-3 * 3600 - 1)
        outgoing.append(Outgoing(from: numbers[0].number, to: externalNumbers[0], start: tie, duration: 61, device: devices[0]))
        incoming.append(Incoming(date: tie, from: externalNumbers[1], to: numbers[0].number, status: "TAKEN"))
        let twin = Outgoing(from: numbers[1].number, to: externalNumbers[2], start: base.addingTimeInterval(-26 * 3600 - 5),
                            duration: 12, device: devices[1])
        outgoing += [twin, twin]
        return FonialSimulatorData(devices: devices, numbers: numbers,
                                   outgoing: outgoing.sorted { $0.start < $1.start },
                                   incoming: incoming.sorted { $0.date < $1.date })
    }

    /// Tariff zone text as the EVN prints it.
    static func destination(of number: String) -> String {
        if number.hasPrefix("+4915") || number.hasPrefix("+4916") || number.hasPrefix("+4917") { return "Deutschland (Mobilfunk)" }
        if number.hasPrefix("+49") { return "Deutschland (Festnetz)" }
        if number.hasPrefix("+43") { return "Österreich (Festnetz)" }
        if number.hasPrefix("+41") { return "Schweiz (Festnetz)" }
        return "Ausland"
    }

    /// Four decimals as a string, like the docs' `"0.1000"`: per started minute.
    static func costs(of call: Outgoing) -> String {
        let perMinute = destination(of: call.to).contains("Mobilfunk") ? 900 : (call.to.hasPrefix("+49") ? 100 : 400)
        let units = ((call.duration + 59) / 60) * perMinute
        let whole = units / 10_000
        let fraction = String(units % 10_000)
        return "\(whole).\(String(repeating: "0", count: 4 - fraction.count))\(fraction)"
    }
}
