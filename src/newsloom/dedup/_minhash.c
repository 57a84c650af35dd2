/* Compiled MinHash for newsloom.dedup (optional: minhash.py's numpy path gives the same
 * values where this is not built; tests/dedup/test_minhash_compiled.py checks that).
 *
 * numpy spends most of a document's time on call overhead and temporaries: ~10 array
 * operations for the token hashes, a k-step loop and a sort for the shingles, and four passes
 * over an n x 128 buffer for the signature. Here each is one loop over the data.
 *
 * The values are minhash.py's, bit for bit:
 *   token hash   splitmix(sum_m byte_m * BASE^m + byte length)   over the token's UTF-8 bytes
 *   shingle      splitmix(h_i * BASE^(k-1) + ... + h_{i+k-1})    sorted, unique
 *   signature_j  (min_i (a_j * x_i + b_j) mod 2^64) >> 32         (the shift is monotonic, so
 *                                                                  taking it after the min is
 *                                                                  the same as before it)
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BASE 0x100000001B3ULL

static inline uint64_t splitmix(uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* shingle_hashes(tokens: list[str], k: int) -> bytes: the sorted unique shingle hashes as
 * native uint64s (empty for no tokens; one shingle of all tokens when fewer than k). */
static PyObject *shingle_hashes(PyObject *self, PyObject *args) {
    PyObject *tokens;
    Py_ssize_t k;
    if (!PyArg_ParseTuple(args, "O!n", &PyList_Type, &tokens, &k)) return NULL;
    if (k < 1) {
        PyErr_SetString(PyExc_ValueError, "k must be at least 1");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(tokens);
    if (n == 0) return PyBytes_FromStringAndSize(NULL, 0);
    uint64_t *th = PyMem_Malloc((size_t)n * sizeof(uint64_t));
    if (th == NULL) return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *tok = PyList_GET_ITEM(tokens, i);
        if (!PyUnicode_Check(tok)) {
            PyMem_Free(th);
            PyErr_SetString(PyExc_TypeError, "every token must be a str");
            return NULL;
        }
        Py_ssize_t len;
        const char *utf8 = PyUnicode_AsUTF8AndSize(tok, &len);
        if (utf8 == NULL) {
            PyMem_Free(th);
            return NULL;
        }
        uint64_t h = 0, pw = 1;
        for (Py_ssize_t m = 0; m < len; m++) {
            h += (uint64_t)(unsigned char)utf8[m] * pw;
            pw *= BASE;
        }
        th[i] = splitmix(h + (uint64_t)len);
    }
    if (k > n) k = n;
    Py_ssize_t count = n - k + 1;
    PyObject *out = PyBytes_FromStringAndSize(NULL, count * (Py_ssize_t)sizeof(uint64_t));
    if (out == NULL) {
        PyMem_Free(th);
        return NULL;
    }
    uint64_t *sh = (uint64_t *)PyBytes_AS_STRING(out);
    for (Py_ssize_t i = 0; i < count; i++) {
        uint64_t acc = 0;
        for (Py_ssize_t j = 0; j < k; j++) acc = acc * BASE + th[i + j];
        sh[i] = splitmix(acc);
    }
    PyMem_Free(th);
    qsort(sh, (size_t)count, sizeof(uint64_t), cmp_u64);
    Py_ssize_t unique = 0;
    for (Py_ssize_t i = 0; i < count; i++)
        if (unique == 0 || sh[i] != sh[unique - 1]) sh[unique++] = sh[i];
    if (unique < count && _PyBytes_Resize(&out, unique * (Py_ssize_t)sizeof(uint64_t)) < 0)
        return NULL;
    return out;
}

/* signature(shingles, a, b) -> bytes: num_perm native uint32s; all three arguments are
 * buffers of native uint64s, a and b of one length (num_perm). All ones for no shingles. */
static PyObject *signature(PyObject *self, PyObject *args) {
    Py_buffer xs, as, bs;
    if (!PyArg_ParseTuple(args, "y*y*y*", &xs, &as, &bs)) return NULL;
    PyObject *out = NULL;
    if (as.len != bs.len || as.len % 8 || xs.len % 8) {
        PyErr_SetString(PyExc_ValueError, "a and b must be uint64 buffers of one length");
        goto done;
    }
    Py_ssize_t n = xs.len / 8, perms = as.len / 8;
    const uint64_t *x = xs.buf, *a = as.buf, *b = bs.buf;
    uint64_t *mins = PyMem_Malloc((size_t)(perms ? perms : 1) * sizeof(uint64_t));
    if (mins == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t j = 0; j < perms; j++) mins[j] = UINT64_MAX;
    for (Py_ssize_t i = 0; i < n; i++) {
        uint64_t v = x[i];
        for (Py_ssize_t j = 0; j < perms; j++) {
            uint64_t h = a[j] * v + b[j];
            mins[j] = h < mins[j] ? h : mins[j];
        }
    }
    out = PyBytes_FromStringAndSize(NULL, perms * 4);
    if (out != NULL) {
        uint32_t *sig = (uint32_t *)PyBytes_AS_STRING(out);
        for (Py_ssize_t j = 0; j < perms; j++)
            sig[j] = n ? (uint32_t)(mins[j] >> 32) : UINT32_MAX;
    }
    PyMem_Free(mins);
done:
    PyBuffer_Release(&xs);
    PyBuffer_Release(&as);
    PyBuffer_Release(&bs);
    return out;
}

static PyMethodDef methods[] = {
    {"shingle_hashes", shingle_hashes, METH_VARARGS,
     "Sorted unique shingle hashes of a token list, as native uint64 bytes."},
    {"signature", signature, METH_VARARGS,
     "MinHash signature of uint64 shingle hashes under multiply-shift permutations a, b."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_minhash", "Compiled MinHash of newsloom.dedup.", -1, methods,
};

PyMODINIT_FUNC PyInit__minhash(void) { return PyModule_Create(&module); }
