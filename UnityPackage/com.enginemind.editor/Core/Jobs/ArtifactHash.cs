using System.Security.Cryptography;
using System.Text;

namespace EngineMind.Core.Jobs
{
    /// <summary>The sha256 GetArtifact sends with the first chunk, computed the same way (lower-case hex).</summary>
    public static class ArtifactHash
    {
        public static string Sha256Hex(byte[] data)
        {
            using (var sha = SHA256.Create())
            {
                var digest = sha.ComputeHash(data ?? new byte[0]);
                var sb = new StringBuilder(digest.Length * 2);
                foreach (var b in digest) sb.Append(b.ToString("x2"));
                return sb.ToString();
            }
        }
    }
}
