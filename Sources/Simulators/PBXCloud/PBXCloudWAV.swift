import Foundation

/// Small, valid RIFF/WAVE files (PCM, 8 kHz, 16-bit mono) with a sine tone: what a
/// voicemail download returns.
enum PBXCloudWAV {
    static let sampleRate = 8000

    static func tone(frequency: Double, milliseconds: Int) -> [UInt8] {
        let samples = sampleRate * milliseconds / 1000
        var data: [UInt8] = []
        data.reserveCapacity(samples * 2)
        for i in 0..<samples {
            let v = Int16(sin(2 * Double.pi * frequency * Double(i) / Double(sampleRate)) * 8000)
            let u = UInt16(bitPattern: v)
            data.append(UInt8(u & 0xff))
            data.append(UInt8(u >> 8))
        }
        var out: [UInt8] = []
        out += Array("RIFF".utf8) + le32(36 + data.count) + Array("WAVE".utf8)
        out += Array("fmt ".utf8) + le32(16) + le16(1) + le16(1) + le32(sampleRate) + le32(sampleRate * 2) + le16(2) + le16(16)
        out += Array("data".utf8) + le32(data.count) + data
        return out
    }

    static func le32(_ v: Int) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xff) } }
    static func le16(_ v: Int) -> [UInt8] { (0..<2).map { UInt8((v >> (8 * $0)) & 0xff) } }
}
