import PBXCore

/// One row of `GET cdr`: the columns of VitalPBX's `cdr` table (FIELD-NOTES §A2).
struct VitalPBXCDR: Decodable {
    var id: String
    /// Naive local time (`2026-11-20 09:58:17`) or Unix seconds; parsed during mapping with
    /// the tenant's time zone.
    var calldate: String?
    var clid: String?
    var src: String?
    var dst: String?
    var duration: Int?
    var billsec: Int?
    var disposition: String?
    var lastapp: String?
    var calltype: String?
    var queueID: String?
    var recordingFile: String?
    var raw: JSONValue

    private enum CodingKeys: String, CodingKey {
        case cdrID = "cdr_id", id, calldate, clid, src, dst, duration, billsec, disposition, lastapp, calltype
        case queueID = "queue_id", recordingFile = "recordingfile"
    }
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.requiredID(.cdrID, .id, record: "cdr row")
        calldate = c.lenientString(.calldate)
        clid = c.lenientString(.clid)
        src = c.lenientString(.src)
        dst = c.lenientString(.dst)
        duration = c.lenientInt(.duration)
        billsec = c.lenientInt(.billsec)
        disposition = c.lenientString(.disposition)
        lastapp = c.lenientString(.lastapp)
        calltype = c.lenientString(.calltype)
        queueID = c.lenientString(.queueID)
        recordingFile = c.lenientString(.recordingFile)
        raw = decoder.rawRecord()
    }
}

/// `data` of `GET cdr` in either layout the clients report: `{"rows": N, "result": [...]}`
/// or the bare array.
struct VitalPBXCDRPage: Decodable {
    var rows: [VitalPBXCDR]
    /// Total matching rows when the vendor says so.
    var total: Int?

    private enum CodingKeys: String, CodingKey { case result, rows }
    init(from decoder: any Decoder) throws {
        if let list = try? VitalPBXOneOrMany<VitalPBXCDR>(from: decoder), (try? decoder.unkeyedContainer()) != nil {
            rows = list.items
            total = nil
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        rows = try c.decodeIfPresent(VitalPBXOneOrMany<VitalPBXCDR>.self, forKey: .result)?.items ?? []
        total = c.lenientInt(.rows)
    }
}

/// One message of `GET extensions/{id}/voicemail_records`.
struct VitalPBXVoicemailRecord: Decodable {
    var date: String?
    var clid: String?
    var vmorig: String?
    var duration: Int?
    var recfile: String?
    var filename: String?
    var raw: JSONValue

    private enum CodingKeys: String, CodingKey { case date, clid, vmorig, duration, recfile, filename }
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        date = c.lenientString(.date)
        clid = c.lenientString(.clid)
        vmorig = c.lenientString(.vmorig)
        duration = c.lenientInt(.duration)
        recfile = c.lenientString(.recfile)
        filename = c.lenientString(.filename)
        raw = decoder.rawRecord()
    }

    /// `msg0000` from `msg0000.txt` (or from `recfile` when `filename` is missing): the
    /// message name voicemail paths use.
    var messageName: String? {
        let source = filename ?? recfile.map { String($0.split(separator: "/").last ?? "") }
        guard let source, !source.isEmpty else { return nil }
        let base = source.split(separator: "/").last.map(String.init) ?? source
        if let dot = base.lastIndex(of: ".") { return String(base[..<dot]) }
        return base
    }
}

/// `data` of `voicemail_records`: folder name → one message (as in the docs' example) or a
/// list of messages; PHP sends `[]` when the box is empty.
struct VitalPBXVoicemailFolders: Decodable {
    var folders: [(name: String, records: [VitalPBXVoicemailRecord])]

    init(from decoder: any Decoder) throws {
        if let a = try? decoder.unkeyedContainer(), a.count == 0 {
            folders = []
            return
        }
        let c = try decoder.container(keyedBy: AnyCodingKey.self)
        folders = try c.allKeys.sorted { $0.stringValue < $1.stringValue }.map { key in
            let records = try c.decodeIfPresent(VitalPBXOneOrMany<VitalPBXVoicemailRecord>.self, forKey: key)?.items ?? []
            return (key.stringValue, records)
        }
    }
}
