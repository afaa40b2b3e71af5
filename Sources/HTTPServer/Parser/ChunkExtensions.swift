/// The grammar of chunk extensions (RFC 9112 §7.1.1). They are validated and ignored.
enum ChunkExtensions {
    static func valid(_ s: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        func skipBWS() { while i < s.count, s[i] == ASCII.sp || s[i] == ASCII.htab { i += 1 } }
        func token() -> Bool {
            let start = i
            while i < s.count, ASCII.isTokenChar(s[i]) { i += 1 }
            return i > start
        }
        func quoted() -> Bool {
            i += 1
            while i < s.count {
                let b = s[i]
                if b == ASCII.quote { i += 1; return true }
                if b == ASCII.backslash {
                    i += 1
                    guard i < s.count, ASCII.isFieldValueChar(s[i]) else { return false }
                } else if !ASCII.isFieldValueChar(b) {
                    return false
                }
                i += 1
            }
            return false
        }
        while true {
            skipBWS()
            if i == s.count { return true }
            guard s[i] == ASCII.semicolon else { return false }
            i += 1
            skipBWS()
            guard token() else { return false }
            skipBWS()
            if i < s.count, s[i] == ASCII.equals {
                i += 1
                skipBWS()
                if i < s.count, s[i] == ASCII.quote {
                    guard quoted() else { return false }
                } else {
                    guard token() else { return false }
                }
            }
        }
    }
}
