import Foundation

/// Small but valid WAV files (RIFF/WAVE, PCM 16-bit mono 8 kHz) with a sine tone: the audio
/// every simulator serves for voicemail.
enum WaveFile {
    static let sampleRate = 8_000

    static func tone(hz: Double, seconds: Double) -> [UInt8] {
        let samples = Int(Double(sampleRate) * seconds)
        let dataBytes = samples * 2
        var out: [UInt8] = []
        out.reserveCapacity(44 + dataBytes)
        func le32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { out += $0 } }
        func le16(_ v: Int) { withUnsafeBytes(of: UInt16(v).littleEndian) { out += $0 } }
        out += Array("RIFF".utf8); le32(36 + dataBytes); out += Array("WAVE".utf8)
        out += Array("fmt ".utf8); le32(16); le16(1); le16(1); le32(sampleRate); le32(sampleRate * 2); le16(2); le16(16)
        out += Array("data".utf8); le32(dataBytes)
        for n in 0..<samples {
            let value = Int16(sin(2 * Double.pi * hz * Double(n) / Double(sampleRate)) * 8_000)
            withUnsafeBytes(of: value.littleEndian) { out += $0 }
        }
        return out
    }
}
