import Exports
import Foundation
import Testing

/// FIPS 180-4 test vectors (NIST's SHA-256 examples) and streaming across block boundaries.
@Suite struct SHA256Tests {
    @Test func fipsVectors() {
        #expect(SHA256.hex(of: [UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(of: Data(repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func streamingInPiecesEqualsOneShot() {
        let message = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        for cut in [1, 55, 56, 63, 64, 65, 128, 999] {
            var h = SHA256()
            h.update(message[..<cut])
            h.update(message[cut...])
            #expect(h.finalize().map { String(format: "%02x", $0) }.joined() == SHA256.hex(of: message), "cut at \(cut)")
        }
    }
}
