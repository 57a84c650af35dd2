/* Compiled core of newsloom.clean.repeats and of the language detector's tokenizer
 * (optional: the pure-Python paths stay, and tests/clean/test_speedups.py checks that both
 * give the same answers).
 *
 * all_repeats(page, n_paragraphs, min_words, containment) -> dict[int, int]
 *
 * ``page`` is the page's paragraphs joined with "\n" and case-folded (str.casefold maps each
 * character on its own, so folding the joined text folds every paragraph), holding exactly
 * n_paragraphs - 1 line breaks. The result is repeats._all_repeats_py's: each repeated
 * paragraph's index mapped to the index of the copy that is kept.
 *
 * Tokens are the regex \w+ (re's \w is Py_UNICODE_ISALNUM or "_"); a paragraph's key is its
 * token sequence, its shingles the distinct token triples. Tokens, keys and shingles are
 * hashed to find candidates and always compared character by character, so a hash collision
 * costs time, never a different answer.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    Py_ssize_t start, len;
    uint64_t hash;
} Token;

typedef struct {
    const char *data;
    int kind;
    Token *tok;
} Page;

static inline int
is_word(Py_UCS4 ch)
{
    if (ch < 128) /* str.isalnum of ASCII: the letters and digits */
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
               ch == '_';
    return Py_UNICODE_ISALNUM(ch);
}

/* list.append(int(value)); -1 with the exception set on failure. */
static int
append_index(PyObject *list, Py_ssize_t value)
{
    PyObject *v = PyLong_FromSsize_t(value);
    if (!v)
        return -1;
    int rc = PyList_Append(list, v);
    Py_DECREF(v);
    return rc;
}

static int
token_eq(const Page *pg, Py_ssize_t a, Py_ssize_t b)
{
    const Token *x = &pg->tok[a], *y = &pg->tok[b];
    return x->hash == y->hash && x->len == y->len &&
           memcmp(pg->data + x->start * pg->kind, pg->data + y->start * pg->kind,
                  (size_t)(x->len * pg->kind)) == 0;
}

static uint64_t
mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

/* A shingle (three consecutive tokens from ``first``) in the page-wide index. */
typedef struct {
    uint64_t hash;
    Py_ssize_t first;  /* token index of one occurrence; -1: empty slot */
    Py_ssize_t mark;   /* last paragraph that listed it among its shingles */
    Py_ssize_t owners; /* head of its list of indexed paragraphs in the node pool; -1: none */
} Shingle;

typedef struct {
    Py_ssize_t para, next;
} Node;

typedef struct {
    Py_ssize_t para, hits;
} Hit;

static int
hit_order(const void *a, const void *b)
{
    const Hit *x = a, *y = b;
    if (x->hits != y->hits)
        return x->hits > y->hits ? -1 : 1; /* most shared shingles first */
    return x->para < y->para ? -1 : (x->para > y->para); /* ties: earliest */
}

static int
set_pair(PyObject *dict, Py_ssize_t key, Py_ssize_t value)
{
    PyObject *k = PyLong_FromSsize_t(key), *v = PyLong_FromSsize_t(value);
    int rc = (k && v) ? PyDict_SetItem(dict, k, v) : -1;
    Py_XDECREF(k);
    Py_XDECREF(v);
    return rc;
}

static size_t
pow2_at_least(size_t n)
{
    size_t c = 16;
    while (c < n)
        c <<= 1;
    return c;
}

static PyObject *
all_repeats(PyObject *self, PyObject *args)
{
    PyObject *text;
    Py_ssize_t n_par, min_words;
    double containment;
    if (!PyArg_ParseTuple(args, "Unnd", &text, &n_par, &min_words, &containment))
        return NULL;
    if (n_par < 0 || min_words < 3) {
        PyErr_SetString(PyExc_ValueError, "n_paragraphs >= 0 and min_words >= 3 expected");
        return NULL;
    }
    Page pg;
    pg.kind = PyUnicode_KIND(text);
    pg.data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);

    PyObject *result = PyDict_New();
    if (!result)
        return NULL;
    Py_ssize_t *par_first = NULL, *par_end = NULL, *sizes = NULL, *key_slot = NULL,
               *hit_count = NULL, *touched = NULL, *mine = NULL;
    Shingle *table = NULL;
    Node *pool = NULL;
    Hit *hits = NULL;
    pg.tok = NULL;
    size_t n_par_alloc = (size_t)n_par + 1;
    par_first = PyMem_Malloc(n_par_alloc * sizeof(Py_ssize_t));
    par_end = PyMem_Malloc(n_par_alloc * sizeof(Py_ssize_t));
    sizes = PyMem_Malloc(n_par_alloc * sizeof(Py_ssize_t));
    hit_count = PyMem_Calloc(n_par_alloc, sizeof(Py_ssize_t));
    touched = PyMem_Malloc(n_par_alloc * sizeof(Py_ssize_t));
    hits = PyMem_Malloc(n_par_alloc * sizeof(Hit));
    /* at most one token per two characters, plus one */
    pg.tok = PyMem_Malloc(((size_t)n / 2 + 2) * sizeof(Token));
    if (!par_first || !par_end || !sizes || !hit_count || !touched || !hits || !pg.tok) {
        PyErr_NoMemory();
        goto fail;
    }

    /* Tokens, paragraph by paragraph. */
    Py_ssize_t n_tok = 0, par = 0, i = 0;
    par_first[0] = 0;
    while (i < n) {
        Py_UCS4 ch = PyUnicode_READ(pg.kind, pg.data, i);
        if (ch == '\n') {
            par_end[par] = n_tok;
            par++;
            if (par >= n_par) {
                PyErr_SetString(PyExc_ValueError, "more line breaks than paragraphs");
                goto fail;
            }
            par_first[par] = n_tok;
            i++;
            continue;
        }
        if (!is_word(ch)) {
            i++;
            continue;
        }
        Py_ssize_t s = i;
        uint64_t h = 1469598103934665603ULL; /* FNV-1a over code points */
        while (i < n) {
            ch = PyUnicode_READ(pg.kind, pg.data, i);
            if (!is_word(ch))
                break;
            h = (h ^ ch) * 1099511628211ULL;
            i++;
        }
        pg.tok[n_tok].start = s;
        pg.tok[n_tok].len = i - s;
        pg.tok[n_tok].hash = mix(h);
        n_tok++;
    }
    if (n_par == 0) {
        if (n > 0) {
            PyErr_SetString(PyExc_ValueError, "text given for no paragraphs");
            goto fail;
        }
        goto done;
    }
    if (par != n_par - 1) {
        PyErr_SetString(PyExc_ValueError, "fewer line breaks than paragraphs");
        goto fail;
    }
    par_end[par] = n_tok;

    /* Exact repeats: paragraphs keyed by their token sequence (open addressing). */
    size_t key_cap = pow2_at_least(2 * (size_t)n_par);
    key_slot = PyMem_Malloc(key_cap * sizeof(Py_ssize_t));
    size_t sh_cap = pow2_at_least(2 * (size_t)n_tok + 2);
    table = PyMem_Malloc(sh_cap * sizeof(Shingle));
    pool = PyMem_Malloc(((size_t)n_tok + 1) * sizeof(Node));
    mine = PyMem_Malloc(((size_t)n_tok + 1) * sizeof(Py_ssize_t));
    if (!key_slot || !table || !pool || !mine) {
        PyErr_NoMemory();
        goto fail;
    }
    for (size_t k = 0; k < key_cap; k++)
        key_slot[k] = -1;
    for (size_t k = 0; k < sh_cap; k++) {
        table[k].first = -1;
        table[k].mark = -1;
        table[k].owners = -1;
    }
    Py_ssize_t n_pool = 0;

    for (Py_ssize_t p = 0; p < n_par; p++) {
        Py_ssize_t a = par_first[p], b = par_end[p], len = b - a;
        if (len == 0)
            continue;
        /* exact repeat? */
        uint64_t kh = 0x9e3779b97f4a7c15ULL;
        for (Py_ssize_t t = a; t < b; t++)
            kh = mix(kh ^ pg.tok[t].hash);
        size_t slot = kh & (key_cap - 1);
        Py_ssize_t same = -1;
        while (key_slot[slot] != -1) {
            Py_ssize_t q = key_slot[slot];
            if (par_end[q] - par_first[q] == len) {
                Py_ssize_t t = 0;
                while (t < len && token_eq(&pg, a + t, par_first[q] + t))
                    t++;
                if (t == len) {
                    same = q;
                    break;
                }
            }
            slot = (slot + 1) & (key_cap - 1);
        }
        if (same >= 0) {
            if (set_pair(result, p, same) < 0)
                goto fail;
            continue;
        }
        key_slot[slot] = p;
        if (len < min_words)
            continue;

        /* its distinct shingles, and the indexed paragraphs holding each */
        Py_ssize_t n_mine = 0, n_touched = 0;
        for (Py_ssize_t t = a; t + 2 < b; t++) {
            uint64_t sh = mix(pg.tok[t].hash ^ mix(pg.tok[t + 1].hash ^ mix(pg.tok[t + 2].hash)));
            size_t s = sh & (sh_cap - 1);
            while (table[s].first != -1) {
                Py_ssize_t f = table[s].first;
                if (table[s].hash == sh && token_eq(&pg, f, t) && token_eq(&pg, f + 1, t + 1) &&
                    token_eq(&pg, f + 2, t + 2))
                    break;
                s = (s + 1) & (sh_cap - 1);
            }
            if (table[s].first == -1) {
                table[s].first = t;
                table[s].hash = sh;
            }
            if (table[s].mark == p)
                continue; /* this paragraph holds it twice */
            table[s].mark = p;
            mine[n_mine++] = (Py_ssize_t)s;
            for (Py_ssize_t k = table[s].owners; k != -1; k = pool[k].next) {
                Py_ssize_t q = pool[k].para;
                if (hit_count[q]++ == 0)
                    touched[n_touched++] = q;
            }
        }
        Py_ssize_t match = -1;
        if (n_touched) {
            for (Py_ssize_t k = 0; k < n_touched; k++) {
                hits[k].para = touched[k];
                hits[k].hits = hit_count[touched[k]];
                hit_count[touched[k]] = 0;
            }
            qsort(hits, (size_t)n_touched, sizeof(Hit), hit_order);
            for (Py_ssize_t k = 0; k < n_touched; k++) {
                Py_ssize_t q = hits[k].para;
                Py_ssize_t smaller = n_mine < sizes[q] ? n_mine : sizes[q];
                if ((double)hits[k].hits / (double)smaller >= containment) {
                    match = q;
                    break;
                }
            }
        }
        if (match >= 0) {
            if (set_pair(result, p, match) < 0)
                goto fail;
            continue;
        }
        sizes[p] = n_mine;
        for (Py_ssize_t k = 0; k < n_mine; k++) {
            Shingle *e = &table[mine[k]];
            pool[n_pool].para = p;
            pool[n_pool].next = e->owners;
            e->owners = n_pool++;
        }
    }
    goto done;

fail:
    Py_CLEAR(result);
done:
    PyMem_Free(par_first);
    PyMem_Free(par_end);
    PyMem_Free(sizes);
    PyMem_Free(hit_count);
    PyMem_Free(touched);
    PyMem_Free(hits);
    PyMem_Free(pg.tok);
    PyMem_Free(key_slot);
    PyMem_Free(table);
    PyMem_Free(pool);
    PyMem_Free(mine);
    return result;
}

/* dfa_counts(nextmove, rowbase, output, data) -> dict[int, int]
 *
 * py3langid's visit_counts (its tokenizer's DFA walked over the UTF-8 bytes of a text, one
 * feature counted per output state) over 4-byte unsigned ``nextmove`` and ``rowbase`` and
 * 4-byte signed ``output`` tables: the same counts in the same (first seen) order as the
 * Counter it builds, so the scores computed from them are the same floats. */
static PyObject *
dfa_counts(PyObject *self, PyObject *args)
{
    Py_buffer nm, rb, out, data;
    if (!PyArg_ParseTuple(args, "y*y*y*y*", &nm, &rb, &out, &data))
        return NULL;
    PyObject *counts = NULL;
    if (nm.itemsize != 4 || rb.itemsize != 4 || out.itemsize != 4 || rb.len != out.len) {
        PyErr_SetString(PyExc_ValueError, "4-byte tables expected, rowbase as long as output");
        goto done;
    }
    const uint32_t *next = nm.buf, *rowbase = rb.buf;
    const int32_t *output = out.buf;
    const unsigned char *bytes = data.buf;
    Py_ssize_t n_next = nm.len / 4, n_states = rb.len / 4;
    counts = PyDict_New();
    if (!counts)
        goto done;
    uint32_t state = 0;
    for (Py_ssize_t i = 0; i < data.len; i++) {
        uint64_t at = (uint64_t)rowbase[state] + bytes[i];
        if (at >= (uint64_t)n_next || next[at] >= (uint64_t)n_states) {
            PyErr_SetString(PyExc_ValueError, "DFA table index out of range");
            Py_CLEAR(counts);
            goto done;
        }
        state = next[at];
        int32_t f = output[state];
        if (f < 0)
            continue;
        PyObject *key = PyLong_FromLong(f);
        if (!key) {
            Py_CLEAR(counts);
            goto done;
        }
        PyObject *had = PyDict_GetItemWithError(counts, key);
        long c = had ? PyLong_AsLong(had) + 1 : 1;
        PyObject *value = (had || !PyErr_Occurred()) ? PyLong_FromLong(c) : NULL;
        int rc = value ? PyDict_SetItem(counts, key, value) : -1;
        Py_DECREF(key);
        Py_XDECREF(value);
        if (rc < 0) {
            Py_CLEAR(counts);
            goto done;
        }
    }
done:
    PyBuffer_Release(&nm);
    PyBuffer_Release(&rb);
    PyBuffer_Release(&out);
    PyBuffer_Release(&data);
    return counts;
}

/* lines_with_any(text, literals, ignore_case, with_columns=False) -> list[int]
 *
 * The indices of the "\n"-separated lines of ``text`` in which one of ``literals`` occurs, in
 * order: one pass over the text where ``str.find`` made one per literal. With with_columns,
 * (lines, columns): each line's first literal occurrence, as an offset in the line. With ignore_case the
 * literals are lower-case ASCII and are matched as ``re.IGNORECASE`` matches them, including
 * the four characters outside ASCII that fold to an ASCII letter in ``re`` (tested). */
static Py_UCS4
fold_like_re(Py_UCS4 c)
{
    if (c < 128)
        return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    switch (c) {
    case 0x130: /* İ */
    case 0x131: /* ı */
        return 'i';
    case 0x17f: /* ſ */
        return 's';
    case 0x212a: /* Kelvin sign */
        return 'k';
    }
    return c;
}

#define PAIR_START 1
#define PAIR_ANY_THIRD 2
#define TRIPLE_BITS 4096

/* The hash of three ASCII characters, for LiteralScan.triple (a collision only lets a
 * position through to the full comparison). */
static inline unsigned
triple_hash(Py_UCS4 a, Py_UCS4 b, Py_UCS4 c)
{
    return ((a * 131u + b) * 131u + c) % TRIPLE_BITS;
}

static inline Py_UCS4
ascii_lower(Py_UCS4 c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

typedef struct {
    const Py_UCS4 *chars;
    const Py_ssize_t *offset, *order, *bucket;
    unsigned char pair[128][128]; /* [first][second]: a literal may start with the two
                                   * (PAIR_START), one of them has no ASCII third character
                                   * (PAIR_ANY_THIRD) */
    unsigned char triple[TRIPLE_BITS / 8]; /* the (folded) first three characters' hashes */
    unsigned char single[128];
    unsigned char first[128]; /* a literal may start with the character (any second one) */
    int nonascii_first;
} LiteralScan;

/* lines_with_any's pass over the text, for one string kind (inlined with ``kind`` a constant,
 * so each kind gets its own loop without a switch per character). Most positions are ruled
 * out by one lookup of their character in first[], most of the rest by one of their two
 * characters in the pair bitmap (both of which, with ignore_case, hold both cases of ASCII
 * letters); positions with a character outside ASCII take the folded test. Line numbers are
 * counted only up to each hit (memchr on one-byte strings). */
static inline __attribute__((always_inline)) int
scan_lines(const LiteralScan *sc, int kind, PyObject *text, int ignore_case, PyObject *found,
           PyObject *columns)
{
    const void *tdata = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), line = 0, line_start = 0, counted = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, tdata, i);
        if (c < 128 && !sc->first[c]) /* the common case: no literal starts with it */
            continue;
        Py_UCS4 d = i + 1 < n ? PyUnicode_READ(kind, tdata, i + 1) : 0;
        if ((c | d) < 128) {
            unsigned char pair = sc->pair[c][d];
            if (!pair)
                continue;
            if (!(pair & PAIR_ANY_THIRD)) { /* every literal opening so has a third character */
                Py_UCS4 e = i + 2 < n ? PyUnicode_READ(kind, tdata, i + 2) : 0;
                unsigned h = ignore_case
                                 ? triple_hash(ascii_lower(c), ascii_lower(d), ascii_lower(e))
                                 : triple_hash(c, d, e);
                if (e < 128 && !(sc->triple[h / 8] & (1u << (h % 8))))
                    continue; /* (a character outside ASCII may fold into one: compared) */
            }
            if (ignore_case)
                c = fold_like_re(c);
        }
        else {
            if (ignore_case) {
                c = fold_like_re(c);
                d = fold_like_re(d);
            }
            if (c < 128) {
                if (!sc->single[c] && (d >= 128 || !sc->pair[c][d]))
                    continue;
            }
            else if (!sc->nonascii_first)
                continue;
        }
        int b = c < 128 ? (int)c : 128;
        int hit = 0;
        for (Py_ssize_t q = sc->bucket[b]; q < sc->bucket[b + 1] && !hit; q++) {
            Py_ssize_t k = sc->order[q], m = sc->offset[k + 1] - sc->offset[k];
            const Py_UCS4 *lit = sc->chars + sc->offset[k];
            if (lit[0] != c || i + m > n)
                continue;
            Py_ssize_t j = 1;
            for (; j < m; j++) {
                Py_UCS4 e = PyUnicode_READ(kind, tdata, i + j);
                if ((ignore_case ? fold_like_re(e) : e) != lit[j])
                    break;
            }
            hit = j == m;
        }
        if (!hit)
            continue;
        if (kind == PyUnicode_1BYTE_KIND) { /* the line breaks before the hit */
            const char *base = tdata, *from = base + counted, *nl;
            while ((nl = memchr(from, '\n', (size_t)(base + i - from)))) {
                line++;
                from = nl + 1;
                line_start = from - base;
            }
        }
        else { /* a counting loop the compiler vectorizes, then back to the last break */
            Py_ssize_t breaks = 0;
            for (Py_ssize_t k = counted; k < i; k++)
                breaks += PyUnicode_READ(kind, tdata, k) == '\n';
            if (breaks) {
                line += breaks;
                for (line_start = i; PyUnicode_READ(kind, tdata, line_start - 1) != '\n';)
                    line_start--;
            }
        }
        if (append_index(found, line) < 0)
            return -1;
        if (columns && append_index(columns, i - line_start) < 0)
            return -1;
        if (kind == PyUnicode_1BYTE_KIND) { /* on to the next line */
            const char *nl = memchr((const char *)tdata + i + 1, '\n', (size_t)(n - i - 1));
            i = nl ? nl - (const char *)tdata - 1 : n - 1;
        }
        else
            while (i + 1 < n && PyUnicode_READ(kind, tdata, i + 1) != '\n')
                i++;
        counted = i + 1;
    }
    return 0;
}

/* The tables of one literal set, built once per (literals, ignore_case): the literals are
 * module constants, so the same few tuples come back on every page (each kept referenced,
 * so that its identity stays its key). */
typedef struct {
    PyObject *literals; /* NULL: a free slot */
    int ignore_case;
    Py_UCS4 *chars;
    Py_ssize_t *offset, *order;
    Py_ssize_t bucket[130];
    LiteralScan scan;
} LiteralTables;

#define LITERAL_CACHE 8
static LiteralTables literal_cache[LITERAL_CACHE];
static int literal_cache_next;

static void
literal_tables_free(LiteralTables *lt)
{
    Py_CLEAR(lt->literals);
    PyMem_Free(lt->chars);
    PyMem_Free(lt->offset);
    PyMem_Free(lt->order);
    lt->chars = NULL;
    lt->offset = lt->order = NULL;
}

/* The cached tables of ``literals`` (checked: non-empty strings without a line break, and
 * lower-case ASCII with ignore_case), built on first use; NULL with an exception set. */
static LiteralTables *
literal_tables(PyObject *literals, int ignore_case)
{
    for (int k = 0; k < LITERAL_CACHE; k++)
        if (literal_cache[k].literals == literals && literal_cache[k].ignore_case == ignore_case)
            return &literal_cache[k];
    Py_ssize_t n_lit = PyTuple_GET_SIZE(literals), total = 0;
    for (Py_ssize_t k = 0; k < n_lit; k++) {
        PyObject *lit = PyTuple_GET_ITEM(literals, k);
        if (!PyUnicode_Check(lit) || PyUnicode_GET_LENGTH(lit) == 0) {
            PyErr_SetString(PyExc_ValueError, "literals must be non-empty strings");
            return NULL;
        }
        for (Py_ssize_t j = 0; j < PyUnicode_GET_LENGTH(lit); j++) {
            Py_UCS4 c = PyUnicode_READ_CHAR(lit, j);
            if (c == '\n' || (ignore_case && (c >= 128 || (c >= 'A' && c <= 'Z')))) {
                PyErr_SetString(PyExc_ValueError,
                                "literals hold no line break (and are lower-case ASCII "
                                "with ignore_case)");
                return NULL;
            }
        }
        total += PyUnicode_GET_LENGTH(lit);
    }
    LiteralTables *lt = &literal_cache[literal_cache_next];
    literal_cache_next = (literal_cache_next + 1) % LITERAL_CACHE;
    literal_tables_free(lt);
    /* The literals as code points, grouped by first character: order[] lists the literals
     * starting with an ASCII character c at bucket[c] .. bucket[c + 1] - 1, then (bucket[128]
     * .. n_lit - 1) those starting outside ASCII. */
    Py_UCS4 *chars = lt->chars = PyMem_Malloc(((size_t)total + 1) * sizeof(Py_UCS4));
    Py_ssize_t *offset = lt->offset = PyMem_Malloc(((size_t)n_lit + 1) * sizeof(Py_ssize_t));
    Py_ssize_t *order = lt->order = PyMem_Malloc(((size_t)n_lit + 1) * sizeof(Py_ssize_t));
    if (!chars || !offset || !order) {
        literal_tables_free(lt);
        PyErr_NoMemory();
        return NULL;
    }
    Py_ssize_t *bucket = lt->bucket;
    memset(lt->bucket, 0, sizeof(lt->bucket));
    for (Py_ssize_t k = 0, at = 0; k < n_lit; k++) {
        PyObject *lit = PyTuple_GET_ITEM(literals, k);
        offset[k] = at;
        for (Py_ssize_t j = 0; j < PyUnicode_GET_LENGTH(lit); j++)
            chars[at++] = PyUnicode_READ_CHAR(lit, j);
        Py_UCS4 c = chars[offset[k]];
        bucket[(c < 128 ? c : 128) + 1]++;
    }
    offset[n_lit] = total;
    for (int c = 0; c < 129; c++)
        bucket[c + 1] += bucket[c];
    {
        Py_ssize_t fill[129];
        memcpy(fill, bucket, sizeof(fill));
        for (Py_ssize_t k = 0; k < n_lit; k++) {
            Py_UCS4 c = chars[offset[k]];
            order[fill[c < 128 ? c : 128]++] = k;
        }
    }
    /* A position can start a literal only if its first two characters are those of one:
     * a bitmap of ASCII pairs (and of single ASCII characters, for one-character literals and
     * literals whose second character is not ASCII) rules out most positions with one lookup;
     * a literal starting outside ASCII sends every non-ASCII position to the full check. */
    LiteralScan *scan = &lt->scan;
    memset(scan, 0, sizeof(*scan));
    scan->chars = chars;
    scan->offset = offset;
    scan->order = order;
    scan->bucket = bucket;
    for (Py_ssize_t k = 0; k < n_lit; k++) {
        const Py_UCS4 *lit = chars + offset[k];
        Py_ssize_t m = offset[k + 1] - offset[k];
        if (lit[0] >= 128) {
            scan->nonascii_first = 1;
            continue;
        }
        /* with ignore_case the literal (lower-case ASCII) also starts at upper-case letters */
        Py_UCS4 firsts[2] = {lit[0], lit[0]};
        if (ignore_case && lit[0] >= 'a' && lit[0] <= 'z')
            firsts[1] = lit[0] - 32;
        for (int f = 0; f < 2; f++) {
            Py_UCS4 c = firsts[f];
            if (m == 1 || lit[1] >= 128) { /* any second character: all pairs, and single[] */
                scan->single[c] = 1;
                memset(scan->pair[c], 0xff, sizeof(scan->pair[c]));
                continue;
            }
            Py_UCS4 d = lit[1], d_upper = (ignore_case && d >= 'a' && d <= 'z') ? d - 32 : d;
            unsigned char flag = PAIR_START;
            if (m == 2 || lit[2] >= 128)
                flag |= PAIR_ANY_THIRD;
            else {
                unsigned h = triple_hash(lit[0], lit[1], lit[2]);
                scan->triple[h / 8] |= (unsigned char)(1u << (h % 8));
            }
            scan->pair[c][d] |= flag;
            scan->pair[c][d_upper] |= flag;
        }
    }
    for (int c = 0; c < 128; c++)
        for (int d = 0; d < 128 && !scan->first[c]; d++)
            scan->first[c] = scan->single[c] || scan->pair[c][d];
    Py_INCREF(literals);
    lt->literals = literals;
    lt->ignore_case = ignore_case;
    return lt;
}

static PyObject *
lines_with_any(PyObject *self, PyObject *args)
{
    PyObject *text, *literals, *columns = NULL;
    int ignore_case, with_columns = 0;
    if (!PyArg_ParseTuple(args, "UO!p|p", &text, &PyTuple_Type, &literals, &ignore_case,
                          &with_columns))
        return NULL;
    LiteralTables *lt = literal_tables(literals, ignore_case);
    if (!lt)
        return NULL;
    PyObject *found = PyList_New(0);
    if (!found)
        return NULL;
    if (with_columns && !(columns = PyList_New(0)))
        goto fail;
    int rc;
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        rc = scan_lines(&lt->scan, PyUnicode_1BYTE_KIND, text, ignore_case, found, columns);
        break;
    case PyUnicode_2BYTE_KIND:
        rc = scan_lines(&lt->scan, PyUnicode_2BYTE_KIND, text, ignore_case, found, columns);
        break;
    default:
        rc = scan_lines(&lt->scan, PyUnicode_4BYTE_KIND, text, ignore_case, found, columns);
    }
    if (rc < 0)
        goto fail;
    if (columns) {
        PyObject *pair = PyTuple_Pack(2, found, columns);
        Py_DECREF(found);
        Py_DECREF(columns);
        return pair;
    }
    return found;

fail:
    Py_XDECREF(found);
    Py_XDECREF(columns);
    return NULL;
}

/* A set of characters given as a string: a table below 256, the (few) others in a short array
 * (a search in the string when there are more than CHARSET_HIGH of them). */
#define CHARSET_HIGH 16
typedef struct {
    unsigned char low[256];
    Py_UCS4 high[CHARSET_HIGH];
    int n_high; /* -1: too many, search ``chars`` */
    PyObject *chars;
    Py_UCS4 max;
} CharSet;

static void
charset_init(CharSet *set, PyObject *chars)
{
    memset(set->low, 0, sizeof(set->low));
    set->chars = chars;
    set->max = 0;
    set->n_high = 0;
    for (Py_ssize_t k = 0; k < PyUnicode_GET_LENGTH(chars); k++) {
        Py_UCS4 c = PyUnicode_READ_CHAR(chars, k);
        if (c < 256)
            set->low[c] = 1;
        else if (set->n_high >= 0 && set->n_high < CHARSET_HIGH)
            set->high[set->n_high++] = c;
        else
            set->n_high = -1;
        if (c > set->max)
            set->max = c;
    }
}

static inline int
charset_has(const CharSet *set, Py_UCS4 c)
{
    if (c < 256)
        return set->low[c];
    if (c > set->max)
        return 0;
    if (set->n_high >= 0) {
        for (int k = 0; k < set->n_high; k++)
            if (set->high[k] == c)
                return 1;
        return 0;
    }
    return PyUnicode_FindChar(set->chars, c, 0, PyUnicode_GET_LENGTH(set->chars), 1) >= 0;
}

/* Whether a character of ``set`` occurs in data[0:n] (``kind`` a constant once inlined). */
static inline __attribute__((always_inline)) int
charset_any(int kind, const void *data, Py_ssize_t n, const CharSet *set)
{
    for (Py_ssize_t i = 0; i < n; i++)
        if (charset_has(set, PyUnicode_READ(kind, data, i)))
            return 1;
    return 0;
}

/* The end of the line starting at ``pos`` (the next "\n", or n); in *deletes whether it
 * holds a character of ``set``, in *spaces2 whether it holds two spaces in a row (``kind`` a
 * constant once inlined). */
static inline __attribute__((always_inline)) Py_ssize_t
line_end(int kind, const void *data, Py_ssize_t pos, Py_ssize_t n, const CharSet *set,
         int *deletes, int *spaces2)
{
    Py_ssize_t end = pos;
    int found = 0, pair = 0;
    Py_UCS4 prev = 0;
    for (; end < n; end++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, end);
        if (c == '\n')
            break;
        if (!found && charset_has(set, c))
            found = 1;
        pair |= c == ' ' && prev == ' ';
        prev = c;
    }
    *deletes = found;
    *spaces2 = pair;
    return end;
}

/* split_lf(mapped, original, special, deletable, collapse, normalize)
 *     -> (texts, starts, ends, blanks) | None
 *
 * lines.split_lines's path for pages broken at "\n" only, in one pass: None when
 * ``original`` holds one of the characters of ``special`` (other line breaks), else the
 * page's non-empty lines, split at "\n": each line's text is ``normalize(line)`` when it holds
 * one of the ``deletable`` characters, else the line stripped (str.strip's whitespace) and,
 * when it holds a run of spaces, passed to ``collapse``; its span in the page; and whether an
 * empty or blank line precedes it (never for the first). ``mapped`` and ``original`` have
 * the same length. */
static PyObject *
split_lf(PyObject *self, PyObject *args)
{
    PyObject *mapped, *original, *special, *deletable, *collapse, *normalize;
    if (!PyArg_ParseTuple(args, "UUUUOO", &mapped, &original, &special, &deletable, &collapse,
                          &normalize))
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(mapped);
    if (PyUnicode_GET_LENGTH(original) != n) {
        PyErr_SetString(PyExc_ValueError, "mapped and original differ in length");
        return NULL;
    }
    CharSet special_set, deletable_set;
    charset_init(&special_set, special);
    charset_init(&deletable_set, deletable);
    int okind = PyUnicode_KIND(original);
    const void *odata = PyUnicode_DATA(original);
    int special_found = okind == PyUnicode_1BYTE_KIND   ? charset_any(1, odata, n, &special_set)
                        : okind == PyUnicode_2BYTE_KIND ? charset_any(2, odata, n, &special_set)
                                                        : charset_any(4, odata, n, &special_set);
    if (special_found)
        Py_RETURN_NONE;
    int kind = PyUnicode_KIND(mapped);
    const void *data = PyUnicode_DATA(mapped);
    PyObject *texts = PyList_New(0), *starts = PyList_New(0), *ends = PyList_New(0),
             *blanks = PyList_New(0);
    if (!texts || !starts || !ends || !blanks)
        goto fail;
    int skipped = 0;
    Py_ssize_t pos = 0;
    while (pos <= n) {
        int deletes, spaces2;
        Py_ssize_t end = kind == PyUnicode_1BYTE_KIND
                             ? line_end(1, data, pos, n, &deletable_set, &deletes, &spaces2)
                         : kind == PyUnicode_2BYTE_KIND
                             ? line_end(2, data, pos, n, &deletable_set, &deletes, &spaces2)
                             : line_end(4, data, pos, n, &deletable_set, &deletes, &spaces2);
        PyObject *text = NULL;
        if (deletes) {
            PyObject *raw = PyUnicode_Substring(mapped, pos, end);
            if (!raw)
                goto fail;
            text = PyObject_CallOneArg(normalize, raw);
            Py_DECREF(raw);
            if (!text)
                goto fail;
            if (!PyUnicode_Check(text)) {
                Py_DECREF(text);
                PyErr_SetString(PyExc_TypeError, "normalize must return a str");
                goto fail;
            }
            if (PyUnicode_GET_LENGTH(text) == 0)
                Py_CLEAR(text);
        }
        else {
            Py_ssize_t a = pos, b = end;
            while (a < b && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, a)))
                a++;
            while (b > a && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, b - 1)))
                b--;
            if (a < b) {
                int doubled = 0; /* a pair inside the stripped line (none in the line: none) */
                for (Py_ssize_t i = a + 1; spaces2 && i < b && !doubled; i++)
                    doubled = PyUnicode_READ(kind, data, i) == ' ' &&
                              PyUnicode_READ(kind, data, i - 1) == ' ';
                text = PyUnicode_Substring(mapped, a, b);
                if (text && doubled)
                    Py_SETREF(text, PyObject_CallOneArg(collapse, text));
                if (!text)
                    goto fail;
            }
        }
        if (!text) {
            skipped = 1;
        }
        else {
            PyObject *st = PyLong_FromSsize_t(pos), *en = PyLong_FromSsize_t(end);
            PyObject *bl = PyBool_FromLong(skipped && PyList_GET_SIZE(texts) > 0);
            int rc = (st && en) ? 0 : -1;
            if (!rc)
                rc = PyList_Append(texts, text);
            if (!rc)
                rc = PyList_Append(starts, st);
            if (!rc)
                rc = PyList_Append(ends, en);
            if (!rc)
                rc = PyList_Append(blanks, bl);
            Py_DECREF(text);
            Py_XDECREF(st);
            Py_XDECREF(en);
            Py_DECREF(bl);
            if (rc < 0)
                goto fail;
            skipped = 0;
        }
        pos = end + 1;
    }
    return Py_BuildValue("(NNNN)", texts, starts, ends, blanks);

fail:
    Py_XDECREF(texts);
    Py_XDECREF(starts);
    Py_XDECREF(ends);
    Py_XDECREF(blanks);
    return NULL;
}

/* stop_flags(text, stop, strip) -> bytes: for each token of text.split(), in order, 1 when
 * token.strip(strip) is in the frozenset ``stop``, else 0 (features._stop_counts' lookups).
 *
 * The set's words are copied into an open-addressing table of code points (kept for the last
 * few sets seen, each held by a reference so its id cannot be reused), so a token is looked up
 * without building a str for it; equality is code point by code point, as str equality. */
typedef struct {
    PyObject *set; /* strong reference; NULL for an empty slot */
    Py_UCS4 *chars;
    Py_ssize_t *off, *len; /* per word */
    Py_ssize_t *slots;     /* word index or -1; size mask + 1 */
    size_t mask;
    Py_ssize_t max_len;       /* the longest word's length: longer tokens are no word */
    unsigned char first[129]; /* a word starts with this ASCII character ([128]: any other) */
} StopTable;

/* Room for every language's set a run meets (pages in a dozen languages are common) and
 * reflow's word set: with fewer slots, pages alternating between languages rebuilt a table
 * (~20,000 instructions) on most pages. */
#define STOP_CACHE 64
static StopTable stop_cache[STOP_CACHE];
static int stop_cache_next;

/* FNV-1a over code points (table_has computes it as it copies a token) */
#define CP_HASH_START 1469598103934665603ULL
#define CP_HASH_STEP(h, c) (((h) ^ (c)) * 1099511628211ULL)

static uint64_t
cp_hash(const Py_UCS4 *s, Py_ssize_t n)
{
    uint64_t h = CP_HASH_START;
    for (Py_ssize_t i = 0; i < n; i++)
        h = CP_HASH_STEP(h, s[i]);
    return h;
}

static void
stop_table_free(StopTable *t)
{
    Py_CLEAR(t->set);
    PyMem_Free(t->chars);
    PyMem_Free(t->off);
    PyMem_Free(t->len);
    PyMem_Free(t->slots);
    t->chars = NULL;
    t->off = t->len = t->slots = NULL;
}

static StopTable *
stop_table(PyObject *set)
{
    for (int k = 0; k < STOP_CACHE; k++)
        if (stop_cache[k].set == set)
            return &stop_cache[k];
    StopTable *t = &stop_cache[stop_cache_next];
    stop_cache_next = (stop_cache_next + 1) % STOP_CACHE;
    stop_table_free(t);
    Py_ssize_t n = PySet_GET_SIZE(set), total = 0;
    PyObject *items = PySequence_List(set);
    if (!items)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *w = PyList_GET_ITEM(items, i);
        if (!PyUnicode_Check(w)) {
            PyErr_SetString(PyExc_TypeError, "stop words must be strings");
            goto fail;
        }
        total += PyUnicode_GET_LENGTH(w);
    }
    size_t size = 8;
    while (size < (size_t)n * 4)
        size <<= 1;
    t->chars = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(total + 1));
    t->off = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(n + 1));
    t->len = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(n + 1));
    t->slots = PyMem_Malloc(sizeof(Py_ssize_t) * size);
    if (!t->chars || !t->off || !t->len || !t->slots) {
        PyErr_NoMemory();
        goto fail;
    }
    t->mask = size - 1;
    for (size_t k = 0; k < size; k++)
        t->slots[k] = -1;
    t->max_len = 0;
    memset(t->first, 0, sizeof(t->first));
    Py_ssize_t pos = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *w = PyList_GET_ITEM(items, i);
        Py_ssize_t len = PyUnicode_GET_LENGTH(w);
        if (!PyUnicode_AsUCS4(w, t->chars + pos, total + 1 - pos, 0))
            goto fail;
        t->off[i] = pos;
        t->len[i] = len;
        if (len > t->max_len)
            t->max_len = len;
        if (len > 0)
            t->first[t->chars[pos] < 128 ? t->chars[pos] : 128] = 1;
        size_t slot = (size_t)cp_hash(t->chars + pos, len) & t->mask;
        while (t->slots[slot] >= 0)
            slot = (slot + 1) & t->mask;
        t->slots[slot] = i;
        pos += len;
    }
    Py_DECREF(items);
    Py_INCREF(set);
    t->set = set;
    return t;

fail:
    Py_DECREF(items);
    stop_table_free(t);
    return NULL;
}

/* The StopTable.first entry of a word's first character. */
static inline int
stop_first(Py_UCS4 c)
{
    return c < 128 ? (int)c : 128;
}

static int
in_strip(Py_UCS4 c, int skind, const void *sdata, Py_ssize_t n_strip)
{
    for (Py_ssize_t k = 0; k < n_strip; k++)
        if (PyUnicode_READ(skind, sdata, k) == c)
            return 1;
    return 0;
}

/* Whether the code points data[lo:hi] are a word of the stop table ``t`` (a str for words
 * longer than the table's buffer, then looked up in ``set``): 1, 0, or -1 with an exception.
 * Inlined (``kind`` a constant); the token is hashed as it is copied, and compared in a loop
 * (stop words are a few characters: a memcmp call costs more). */
static inline __attribute__((always_inline)) int
table_has(const StopTable *t, PyObject *set, PyObject *text, int kind, const void *data,
          Py_ssize_t lo, Py_ssize_t hi)
{
    Py_ssize_t len = hi - lo;
    if (len > t->max_len || (len > 0 && !t->first[stop_first(PyUnicode_READ(kind, data, lo))]))
        return 0; /* longer than every word, or starting as none does */
    if (len > 64) {
        PyObject *word = PyUnicode_Substring(text, lo, hi);
        if (!word)
            return -1;
        int hit = PySet_Contains(set, word);
        Py_DECREF(word);
        return hit;
    }
    Py_UCS4 buf[64];
    uint64_t h = CP_HASH_START;
    for (Py_ssize_t k = 0; k < len; k++) {
        buf[k] = PyUnicode_READ(kind, data, lo + k);
        h = CP_HASH_STEP(h, buf[k]);
    }
    for (size_t slot = (size_t)h & t->mask; t->slots[slot] >= 0; slot = (slot + 1) & t->mask) {
        Py_ssize_t w = t->slots[slot], k = 0;
        if (t->len[w] != len)
            continue;
        const Py_UCS4 *word = t->chars + t->off[w];
        while (k < len && word[k] == buf[k])
            k++;
        if (k == len)
            return 1;
    }
    return 0;
}

/* The tokens of text.split() (whitespace: Py_UNICODE_ISSPACE), each stripped of the
 * characters of ``strip`` and looked up in the stop table: flags[k] = 1 for a stop word (when
 * ``flags``), counts[line] += 1 for one, lines counted at "\n" (when ``counts``). Returns the
 * number of tokens, or -1 with an exception set. ``kind`` is a constant once inlined. */
typedef struct {
    uint64_t ascii[2]; /* ASCII members of ``strip`` */
    int skind;
    const void *sdata;
    Py_ssize_t n_strip;
} StripSet;

static inline int
strip_has(const StripSet *ss, Py_UCS4 c)
{
    if (c < 128)
        return (int)((ss->ascii[c >> 6] >> (c & 63)) & 1);
    return in_strip(c, ss->skind, ss->sdata, ss->n_strip);
}

static inline __attribute__((always_inline)) Py_ssize_t
stop_scan(int kind, const void *data, Py_ssize_t n, PyObject *text, PyObject *stop,
          const StopTable *t, const StripSet *ss, char *flags, int64_t *counts)
{
    Py_ssize_t count = 0, i = 0, line = 0;
    while (i < n) {
        Py_UCS4 c;
        while (i < n && Py_UNICODE_ISSPACE(c = PyUnicode_READ(kind, data, i))) {
            line += c == '\n';
            i++;
        }
        if (i >= n)
            break;
        Py_ssize_t start = i;
        while (i < n && !Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i)))
            i++;
        Py_ssize_t lo = start, hi = i;
        while (lo < hi && strip_has(ss, PyUnicode_READ(kind, data, lo)))
            lo++;
        while (hi > lo && strip_has(ss, PyUnicode_READ(kind, data, hi - 1)))
            hi--;
        int hit = table_has(t, stop, text, kind, data, lo, hi);
        if (hit < 0)
            return -1;
        if (flags)
            flags[count] = (char)hit;
        if (counts)
            counts[line] += hit;
        count++;
    }
    return count;
}

/* stop_flags(text, stop, strip[, per_line]) -> bytes
 *
 * Without per_line: one byte a token of text.split(), 1 when the token stripped of the
 * characters of ``strip`` is in the frozenset ``stop`` (features._stop_flags_py). With
 * per_line true: one int64 a line of text.split("\n"), its number of such tokens (the sum of
 * the flags of its tokens). */
static PyObject *
stop_flags(PyObject *self, PyObject *args)
{
    PyObject *text, *stop, *strip;
    int per_line = 0;
    if (!PyArg_ParseTuple(args, "UO!U|p", &text, &PyFrozenSet_Type, &stop, &strip, &per_line))
        return NULL;
    StopTable *t = stop_table(stop);
    if (!t)
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    StripSet ss = {{0, 0}, PyUnicode_KIND(strip), PyUnicode_DATA(strip),
                   PyUnicode_GET_LENGTH(strip)};
    for (Py_ssize_t k = 0; k < ss.n_strip; k++) {
        Py_UCS4 c = PyUnicode_READ(ss.skind, ss.sdata, k);
        if (c < 128)
            ss.ascii[c >> 6] |= (uint64_t)1 << (c & 63);
    }
    Py_ssize_t size;
    if (per_line) {
        Py_ssize_t lines = 1;
        for (Py_ssize_t i = 0; i < n; i++)
            lines += PyUnicode_READ(kind, data, i) == '\n';
        size = lines * (Py_ssize_t)sizeof(int64_t);
    }
    else
        size = n / 2 + 1; /* at most one token per two characters, plus one */
    PyObject *res = PyBytes_FromStringAndSize(NULL, size);
    if (!res)
        return NULL;
    char *out = PyBytes_AS_STRING(res);
    char *flags = per_line ? NULL : out;
    int64_t *counts = per_line ? (int64_t *)out : NULL;
    if (counts)
        memset(out, 0, (size_t)size);
    Py_ssize_t count = kind == PyUnicode_1BYTE_KIND
                           ? stop_scan(1, data, n, text, stop, t, &ss, flags, counts)
                       : kind == PyUnicode_2BYTE_KIND
                           ? stop_scan(2, data, n, text, stop, t, &ss, flags, counts)
                           : stop_scan(4, data, n, text, stop, t, &ss, flags, counts);
    if (count < 0) {
        Py_DECREF(res);
        return NULL;
    }
    if (!per_line && _PyBytes_Resize(&res, count) < 0)
        return NULL;
    return res;
}

/* joinable(texts, never_last) -> list[int]
 *
 * reflow.reflow's first test, for each line i but the last: the next line starts with a
 * lower-case letter (str.islower of one character is Py_UNICODE_ISLOWER) or one of ",;)]",
 * or the text after the line's last space is in ``never_last`` (looked up without a str when
 * it is a frozenset: its words in a stop table). */
static PyObject *
joinable(PyObject *self, PyObject *args)
{
    PyObject *texts, *never_last;
    if (!PyArg_ParseTuple(args, "O!O", &PyList_Type, &texts, &never_last))
        return NULL;
    if (!PyAnySet_Check(never_last)) {
        PyErr_SetString(PyExc_TypeError, "never_last must be a set or frozenset");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(texts);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *t = PyList_GET_ITEM(texts, i);
        if (!PyUnicode_Check(t) || PyUnicode_GET_LENGTH(t) == 0) {
            PyErr_SetString(PyExc_ValueError, "texts must be non-empty strings");
            return NULL;
        }
    }
    StopTable *table = NULL; /* a mutable set may change: looked up as a set */
    if (PyFrozenSet_CheckExact(never_last) && !(table = stop_table(never_last)))
        return NULL;
    PyObject *found = PyList_New(0);
    if (!found)
        return NULL;
    for (Py_ssize_t i = 0; i + 1 < n; i++) {
        PyObject *t = PyList_GET_ITEM(texts, i), *nx = PyList_GET_ITEM(texts, i + 1);
        Py_UCS4 c = PyUnicode_READ(PyUnicode_KIND(nx), PyUnicode_DATA(nx), 0);
        int hit = Py_UNICODE_ISLOWER(c) || c == ',' || c == ';' || c == ')' || c == ']';
        if (!hit) {
            Py_ssize_t len = PyUnicode_GET_LENGTH(t), lo = len;
            int kind = PyUnicode_KIND(t);
            const void *data = PyUnicode_DATA(t);
            while (lo > 0 && PyUnicode_READ(kind, data, lo - 1) != ' ')
                lo--;
            if (table)
                hit = table_has(table, never_last, t, kind, data, lo, len);
            else {
                PyObject *last = PyUnicode_Substring(t, lo, len);
                if (!last)
                    goto fail;
                hit = PySet_Contains(never_last, last);
                Py_DECREF(last);
            }
            if (hit < 0)
                goto fail;
        }
        if (hit && append_index(found, i) < 0)
            goto fail;
    }
    return found;

fail:
    Py_DECREF(found);
    return NULL;
}

/* line_classes(texts, table, masks) -> bytes | None: features.line_features' per-line
 * character counts in one pass, LINE_COLUMNS int64 values a line:
 *   start (offset in "\n".join(texts)), length, spaces (" "), digits, separators, quotes,
 *   lower case, upper case, words starting with a letter, words starting with a capital,
 *   the first character's flags, the last code point, the last character's flags.
 * ``table`` is features.char_table() (uint16 flags over the BMP; a code point above it reads
 * the last entry, as numpy's np.minimum(cp, 0xFFFF) does); ``masks`` the flag bits
 * (digit, separator, quote, lower, upper, alpha); a class holds a character whose flags hold
 * all its bits. A word starts at a character other than " " after a " " or the line start.
 * None when a line is empty, holds a "\n" or starts with " " (the numpy path's segment sums
 * assume none does). */
#define LINE_COLUMNS 13
typedef struct {
    unsigned int digit, sep, quote, lower, upper, alpha, upper_start;
} ClassMasks;

typedef struct {
    int64_t spaces, digits, seps, quotes, lower, upper, alpha_starts, upper_starts;
    unsigned int last_flags;
    Py_UCS4 last;
} LineCounts;

/* line_classes' count over one line, for one string kind (inlined with ``kind`` a constant);
 * 0 when the line holds a line break. The five class counts are summed as 10-bit fields of
 * one integer (``inc`` maps a character's flags to its field increments), emptied into the
 * counters every CLASS_FLUSH characters, before a field can overflow. */
#define CLASS_FIELDS 5
#define CLASS_FLUSH 1000
static inline __attribute__((always_inline)) int
count_line(int kind, const void *data, Py_ssize_t len, const uint16_t *tab, LineCounts *lc,
           const ClassMasks *m, const uint64_t *inc)
{
    int64_t spaces = 0, counts[CLASS_FIELDS] = {0};
    int64_t alpha_starts = 0, upper_starts = 0;
    int prev_gap = 1;
    unsigned int f = 0;
    Py_UCS4 c = 0;
    uint64_t packed = 0;
    Py_ssize_t until_flush = CLASS_FLUSH;
    for (Py_ssize_t j = 0; j < len; j++) {
        c = PyUnicode_READ(kind, data, j);
        f = tab[c > 0xFFFF ? 0xFFFF : c];
        if (c == '\n')
            return 0;
        int gap = c == ' ';
        spaces += gap;
        packed += inc[f & 511];
        if (!gap && prev_gap) {
            alpha_starts += (f & m->alpha) == m->alpha;
            upper_starts += (f & m->upper_start) == m->upper_start;
        }
        prev_gap = gap;
        if (--until_flush == 0) {
            for (int k = 0; k < CLASS_FIELDS; k++)
                counts[k] += (packed >> (10 * k)) & 1023;
            packed = 0;
            until_flush = CLASS_FLUSH;
        }
    }
    for (int k = 0; k < CLASS_FIELDS; k++)
        counts[k] += (packed >> (10 * k)) & 1023;
    *lc = (LineCounts){spaces,    counts[0],    counts[1], counts[2], counts[3], counts[4],
                       alpha_starts, upper_starts, f,         c};
    return 1;
}

static PyObject *
line_classes(PyObject *self, PyObject *args)
{
    PyObject *texts;
    Py_buffer table;
    unsigned int m_digit, m_sep, m_quote, m_lower, m_upper, m_alpha;
    if (!PyArg_ParseTuple(args, "O!y*(IIIIII)", &PyList_Type, &texts, &table, &m_digit, &m_sep,
                          &m_quote, &m_lower, &m_upper, &m_alpha))
        return NULL;
    PyObject *res = NULL;
    if (table.len != 0x10000 * (Py_ssize_t)sizeof(uint16_t)) {
        PyErr_SetString(PyExc_ValueError, "table must hold 65536 uint16 values");
        goto done;
    }
    if ((m_digit | m_sep | m_quote | m_lower | m_upper | m_alpha) >= 512) {
        PyErr_SetString(PyExc_ValueError, "masks must be flags below 512");
        goto done;
    }
    const uint16_t *tab = (const uint16_t *)table.buf;
    Py_ssize_t n = PyList_GET_SIZE(texts);
    res = PyBytes_FromStringAndSize(NULL, n * LINE_COLUMNS * (Py_ssize_t)sizeof(int64_t));
    if (!res)
        goto done;
    int64_t *out = (int64_t *)PyBytes_AS_STRING(res);
    int64_t offset = 0;
    unsigned int m_upper_start = m_alpha | m_upper;
    ClassMasks cm = {m_digit, m_sep, m_quote, m_lower, m_upper, m_alpha, m_upper_start};
    /* the table's flags fit 9 bits (features.char_table); a class needs all its mask's bits */
    unsigned int field_masks[CLASS_FIELDS] = {m_digit, m_sep, m_quote, m_lower, m_upper};
    uint64_t inc[512];
    for (unsigned int f = 0; f < 512; f++) {
        inc[f] = 0;
        for (int k = 0; k < CLASS_FIELDS; k++)
            inc[f] |= (uint64_t)((f & field_masks[k]) == field_masks[k]) << (10 * k);
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *t = PyList_GET_ITEM(texts, i);
        if (!PyUnicode_Check(t)) {
            Py_CLEAR(res);
            PyErr_SetString(PyExc_TypeError, "texts must be strings");
            goto done;
        }
        Py_ssize_t len = PyUnicode_GET_LENGTH(t);
        int kind = PyUnicode_KIND(t);
        const void *data = PyUnicode_DATA(t);
        if (len == 0 || PyUnicode_READ(kind, data, 0) == ' ') {
            Py_CLEAR(res);
            res = Py_NewRef(Py_None);
            goto done;
        }
        LineCounts lc;
        int ok;
        switch (kind) {
        case PyUnicode_1BYTE_KIND:
            ok = count_line(PyUnicode_1BYTE_KIND, data, len, tab, &lc, &cm, inc);
            break;
        case PyUnicode_2BYTE_KIND:
            ok = count_line(PyUnicode_2BYTE_KIND, data, len, tab, &lc, &cm, inc);
            break;
        default:
            ok = count_line(PyUnicode_4BYTE_KIND, data, len, tab, &lc, &cm, inc);
        }
        if (!ok) { /* a line break inside a line */
            Py_CLEAR(res);
            res = Py_NewRef(Py_None);
            goto done;
        }
        int64_t spaces = lc.spaces, digits = lc.digits, seps = lc.seps, quotes = lc.quotes;
        int64_t lower = lc.lower, upper = lc.upper;
        int64_t alpha_starts = lc.alpha_starts, upper_starts = lc.upper_starts;
        unsigned int f = lc.last_flags;
        Py_UCS4 c = lc.last;
        Py_UCS4 c0 = PyUnicode_READ(kind, data, 0);
        int64_t *row = out + i * LINE_COLUMNS;
        row[0] = offset;
        row[1] = len;
        row[2] = spaces;
        row[3] = digits;
        row[4] = seps;
        row[5] = quotes;
        row[6] = lower;
        row[7] = upper;
        row[8] = alpha_starts;
        row[9] = upper_starts;
        row[10] = tab[c0 > 0xFFFF ? 0xFFFF : c0];
        row[11] = c;
        row[12] = f;
        offset += len + 1;
    }
done:
    PyBuffer_Release(&table);
    return res;
}

/* best_run(gain) -> (total, start, end): classify._best_run (Kadane's maximum subarray) over
 * a buffer of float64, with the same additions in the same order, so the same floats. */
static PyObject *
best_run(PyObject *self, PyObject *args)
{
    Py_buffer buf;
    if (!PyArg_ParseTuple(args, "y*", &buf))
        return NULL;
    if (buf.len % (Py_ssize_t)sizeof(double)) {
        PyBuffer_Release(&buf);
        PyErr_SetString(PyExc_ValueError, "gain must be a buffer of float64");
        return NULL;
    }
    const double *g = (const double *)buf.buf;
    Py_ssize_t n = buf.len / (Py_ssize_t)sizeof(double);
    double best = 0.0, run = 0.0;
    Py_ssize_t best_start = 0, best_end = 0, run_start = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (run <= 0) {
            run = g[i];
            run_start = i;
        }
        else
            run += g[i];
        if (run > best) {
            best = run;
            best_start = run_start;
            best_end = i + 1;
        }
    }
    PyBuffer_Release(&buf);
    return Py_BuildValue("(dnn)", best, best_start, best_end);
}

/* collapse_space(text) -> str: " ".join(text.split()) in one pass (whitespace as str.split
 * sees it, Py_UNICODE_ISSPACE), for model.content_id. */
static PyObject *
collapse_space(PyObject *self, PyObject *args)
{
    PyObject *text;
    if (!PyArg_ParseTuple(args, "U", &text))
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), size = 0;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    if (kind == PyUnicode_1BYTE_KIND) { /* most texts: one pass over the bytes */
        static char space1[256];
        static int space1_ready;
        if (!space1_ready) {
            for (int c = 0; c < 256; c++)
                space1[c] = (char)Py_UNICODE_ISSPACE((Py_UCS4)c);
            space1_ready = 1;
        }
        const Py_UCS1 *src = (const Py_UCS1 *)data;
        Py_UCS1 *buf = PyMem_Malloc((size_t)n + 1);
        if (!buf)
            return PyErr_NoMemory();
        Py_ssize_t k = 0;
        int pending = 0;
        for (Py_ssize_t i = 0; i < n; i++) {
            Py_UCS1 c = src[i];
            if (space1[c]) {
                pending = k > 0;
                continue;
            }
            if (pending)
                buf[k++] = ' ';
            buf[k++] = c;
            pending = 0;
        }
        PyObject *out = PyUnicode_FromKindAndData(PyUnicode_1BYTE_KIND, buf, k);
        PyMem_Free(buf);
        return out;
    }
    Py_UCS4 maxchar = 0;
    /* first pass: the output's length and widest character */
    int pending = 0, other_space = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (Py_UNICODE_ISSPACE(c)) {
            pending = size > 0;
            other_space |= c != ' ';
            continue;
        }
        size += pending + 1;
        pending = 0;
        if (c > maxchar)
            maxchar = c;
    }
    if (size == n && !other_space) /* single spaces between words already */
        return Py_NewRef(text);
    PyObject *out = PyUnicode_New(size, maxchar > ' ' || size == 0 ? maxchar : ' ');
    if (!out)
        return NULL;
    int okind = PyUnicode_KIND(out);
    void *odata = PyUnicode_DATA(out);
    Py_ssize_t k = 0;
    pending = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (Py_UNICODE_ISSPACE(c)) {
            pending = k > 0;
            continue;
        }
        if (pending)
            PyUnicode_WRITE(okind, odata, k++, ' ');
        PyUnicode_WRITE(okind, odata, k++, c);
        pending = 0;
    }
    return out;
}

/* anchored_candidates(lines, prefixes, lead, max_len, ignore_case=False) -> list[int]
 *
 * The lines (0 < length <= max_len) on which a pattern of the form ``^\W*(?:alt|alt...)`` may
 * match, in order, given every alternative's possible beginnings: after the leading \W run
 * (re's \w is Py_UNICODE_ISALNUM or "_") the line starts with one of ``prefixes`` or with a
 * decimal digit, or that run holds one of the characters of ``lead`` (an alternative may
 * begin inside it: "©", "[\d,.]+"). A line whose first word character is a decimal digit is a
 * candidate when, after its run of digits, "," and "." (a count), an optional k or m and
 * whitespace, one of ``prefixes`` follows ("12 comments", "3.4k views": the only alternatives
 * that begin with a digit are counts followed by a word). A superset of the matching lines: the
 * regex then runs on these only. With ignore_case (a pattern compiled with re.IGNORECASE) the prefixes are
 * lower-case ASCII, compared as lines_with_any compares them, and a line whose first word
 * character is not ASCII (once folded) is always a candidate. The pure-Python twin is
 * lexicon.anchored_candidates_py. */
/* Whether one of the prefixes (grouped by first character in ``order``/``bucket``) starts at
 * data[k] (k < len), as anchored_candidates compares them; with ignore_case a first character
 * outside ASCII (once folded) always counts. */
static int
prefix_at(int kind, const void *data, Py_ssize_t len, Py_ssize_t k, PyObject *prefixes,
          const Py_ssize_t *order, const Py_ssize_t *bucket, int ignore_case)
{
    Py_UCS4 c = PyUnicode_READ(kind, data, k);
    if (ignore_case) {
        c = fold_like_re(c);
        if (c >= 128)
            return 1;
    }
    int b = c < 128 ? (int)c : 128;
    for (Py_ssize_t q = bucket[b]; q < bucket[b + 1]; q++) {
        PyObject *pre = PyTuple_GET_ITEM(prefixes, order[q]);
        Py_ssize_t m = PyUnicode_GET_LENGTH(pre);
        int pkind = PyUnicode_KIND(pre);
        const void *pdata = PyUnicode_DATA(pre);
        if (k + m > len || PyUnicode_READ(pkind, pdata, 0) != c)
            continue;
        Py_ssize_t j = 1;
        for (; j < m; j++) {
            Py_UCS4 d = PyUnicode_READ(kind, data, k + j);
            if ((ignore_case ? fold_like_re(d) : d) != PyUnicode_READ(pkind, pdata, j))
                break;
        }
        if (j == m)
            return 1;
    }
    return 0;
}

/* After a count at data[k] (a decimal digit): whether a prefix follows its run of digits, ","
 * and ".", an optional k or m (either case) and whitespace, as "[\d,.]+[kKmM]?\s*" reads it. */
static int
prefix_after_count(int kind, const void *data, Py_ssize_t len, Py_ssize_t k, PyObject *prefixes,
                   const Py_ssize_t *order, const Py_ssize_t *bucket, int ignore_case)
{
    Py_UCS4 c;
    while (k < len && ((c = PyUnicode_READ(kind, data, k)) == ',' || c == '.' ||
                       Py_UNICODE_ISDECIMAL(c)))
        k++;
    for (int unit = 0; unit < 2; unit++) { /* without the unit letter, then with it */
        Py_ssize_t j = k;
        if (unit) {
            if (j >= len)
                break;
            c = PyUnicode_READ(kind, data, j);
            c = ignore_case ? fold_like_re(c) : c;
            if (c != 'k' && c != 'K' && c != 'm' && c != 'M')
                break;
            j++;
        }
        while (j < len && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, j)))
            j++;
        if (j < len && prefix_at(kind, data, len, j, prefixes, order, bucket, ignore_case))
            return 1;
    }
    return 0;
}

static PyObject *
anchored_candidates(PyObject *self, PyObject *args)
{
    PyObject *lines, *prefixes, *lead;
    Py_ssize_t max_len;
    int ignore_case = 0;
    if (!PyArg_ParseTuple(args, "O!O!Un|p", &PyList_Type, &lines, &PyTuple_Type, &prefixes, &lead,
                          &max_len, &ignore_case))
        return NULL;
    Py_ssize_t n_pre = PyTuple_GET_SIZE(prefixes);
    for (Py_ssize_t k = 0; k < n_pre; k++) {
        PyObject *pre = PyTuple_GET_ITEM(prefixes, k);
        if (!PyUnicode_Check(pre) || PyUnicode_GET_LENGTH(pre) == 0) {
            PyErr_SetString(PyExc_ValueError, "prefixes must be non-empty strings");
            return NULL;
        }
        for (Py_ssize_t j = 0; ignore_case && j < PyUnicode_GET_LENGTH(pre); j++) {
            Py_UCS4 c = PyUnicode_READ_CHAR(pre, j);
            if (c >= 128 || (c >= 'A' && c <= 'Z')) {
                PyErr_SetString(PyExc_ValueError,
                                "with ignore_case the prefixes are lower-case ASCII");
                return NULL;
            }
        }
    }
    Py_ssize_t n = PyList_GET_SIZE(lines), n_lead = PyUnicode_GET_LENGTH(lead);
    /* the prefixes grouped by first character as in lines_with_any: an ASCII line start looks
     * at the prefixes sharing its first character only */
    Py_ssize_t bucket[130] = {0}, *order = PyMem_Malloc(((size_t)n_pre + 1) * sizeof(Py_ssize_t));
    PyObject *found = order ? PyList_New(0) : NULL;
    if (!found) {
        PyMem_Free(order);
        return order ? NULL : PyErr_NoMemory();
    }
    for (Py_ssize_t k = 0; k < n_pre; k++) {
        Py_UCS4 c = PyUnicode_READ_CHAR(PyTuple_GET_ITEM(prefixes, k), 0);
        bucket[(c < 128 ? c : 128) + 1]++;
    }
    for (int c = 0; c < 129; c++)
        bucket[c + 1] += bucket[c];
    {
        Py_ssize_t fill[129];
        memcpy(fill, bucket, sizeof(fill));
        for (Py_ssize_t k = 0; k < n_pre; k++) {
            Py_UCS4 c = PyUnicode_READ_CHAR(PyTuple_GET_ITEM(prefixes, k), 0);
            order[fill[c < 128 ? c : 128]++] = k;
        }
    }
    int lead_kind = PyUnicode_KIND(lead);
    const void *lead_data = PyUnicode_DATA(lead);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *t = PyList_GET_ITEM(lines, i);
        if (!PyUnicode_Check(t)) {
            PyErr_SetString(PyExc_TypeError, "lines must be strings");
            goto fail;
        }
        Py_ssize_t len = PyUnicode_GET_LENGTH(t);
        if (len == 0 || len > max_len)
            continue;
        int kind = PyUnicode_KIND(t);
        const void *data = PyUnicode_DATA(t);
        Py_ssize_t k = 0;
        int hit = 0;
        for (; k < len; k++) {
            Py_UCS4 c = PyUnicode_READ(kind, data, k);
            if (is_word(c))
                break;
            for (Py_ssize_t q = 0; q < n_lead && !hit; q++)
                hit = PyUnicode_READ(lead_kind, lead_data, q) == c;
        }
        if (!hit && k < len)
            hit = Py_UNICODE_ISDECIMAL(PyUnicode_READ(kind, data, k))
                      ? prefix_after_count(kind, data, len, k, prefixes, order, bucket, ignore_case)
                      : prefix_at(kind, data, len, k, prefixes, order, bucket, ignore_case);
        if (hit && append_index(found, i) < 0)
            goto fail;
    }
    PyMem_Free(order);
    return found;

fail:
    PyMem_Free(order);
    Py_DECREF(found);
    return NULL;
}

/* heading_shaped(texts, words, max_words, max_chars, sentence_end) -> list[bool]
 *
 * layout.is_heading_shaped(texts[i], words[i]) for every line at once: 1 to max_words words,
 * at most max_chars characters, not ending on a character of ``sentence_end`` (but "?" may)
 * nor on ":,;", and starting with a capital, a digit or a character that is no letter (the
 * str methods' own tests: Py_UNICODE_ISUPPER, ISDIGIT, ISALPHA). */
static PyObject *
heading_shaped(PyObject *self, PyObject *args)
{
    PyObject *texts, *words, *ends;
    Py_ssize_t max_words, max_chars;
    if (!PyArg_ParseTuple(args, "O!O!nnU", &PyList_Type, &texts, &PyList_Type, &words,
                          &max_words, &max_chars, &ends))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(texts), n_ends = PyUnicode_GET_LENGTH(ends);
    if (PyList_GET_SIZE(words) != n) {
        PyErr_SetString(PyExc_ValueError, "one word count per text expected");
        return NULL;
    }
    PyObject *out = PyList_New(n);
    if (!out)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *t = PyList_GET_ITEM(texts, i);
        Py_ssize_t w = PyLong_AsSsize_t(PyList_GET_ITEM(words, i));
        if (w == -1 && PyErr_Occurred())
            goto fail;
        if (!PyUnicode_Check(t) || PyUnicode_GET_LENGTH(t) == 0) {
            PyErr_SetString(PyExc_ValueError, "texts must be non-empty strings");
            goto fail;
        }
        Py_ssize_t len = PyUnicode_GET_LENGTH(t);
        int ok = 0 < w && w <= max_words && len <= max_chars;
        if (ok) {
            Py_UCS4 last = PyUnicode_READ_CHAR(t, len - 1), first = PyUnicode_READ_CHAR(t, 0);
            if (last != '?' && PyUnicode_FindChar(ends, last, 0, n_ends, 1) >= 0)
                ok = 0;
            else if (last == ':' || last == ',' || last == ';')
                ok = 0;
            else
                ok = Py_UNICODE_ISUPPER(first) || Py_UNICODE_ISDIGIT(first) ||
                     !Py_UNICODE_ISALPHA(first);
        }
        PyObject *b = ok ? Py_True : Py_False;
        Py_INCREF(b);
        PyList_SET_ITEM(out, i, b);
    }
    return out;

fail:
    Py_DECREF(out);
    return NULL;
}

/* feature_columns(x, packed, nw, n_stop, kinds, texts, counts, urlish, counted, bits)
 *
 * Fills features.line_features' columns 0 and 2-18 of ``x`` (n x n_cols float64, C order,
 * written in place) from line_classes' ``packed`` rows, the word counts ``nw`` and stop-word
 * counts ``n_stop`` (int64 arrays), the widget ``kinds`` (None or not), the line ``texts`` with
 * their ``counts`` (a dict: repeated lines), and the lists of ``urlish`` and ``counted`` line
 * indices; ``bits`` = (sentence end, bullet) flag bits, ``colon`` the ":" code point. The same
 * doubles as the numpy expressions of features._fill_columns_np (the same int -> double
 * conversions, divisions and minima); column 1 (log1p) is left to numpy. */
#define LINE_COLUMNS 13
static PyObject *
feature_columns(PyObject *self, PyObject *args)
{
    Py_buffer xb, pb, nwb, sb;
    PyObject *kinds, *texts, *counts, *urlish, *counted;
    long sent_bit, bullet_bit;
    if (!PyArg_ParseTuple(args, "w*y*y*y*O!O!O!O!O!(ll)", &xb, &pb, &nwb, &sb, &PyList_Type,
                          &kinds, &PyList_Type, &texts, &PyDict_Type, &counts, &PyList_Type,
                          &urlish, &PyList_Type, &counted, &sent_bit, &bullet_bit))
        return NULL;
    PyObject *result = NULL;
    Py_ssize_t n = PyList_GET_SIZE(texts);
    if (n == 0 || PyList_GET_SIZE(kinds) != n || pb.len != n * LINE_COLUMNS * 8 ||
        nwb.len != n * 8 || sb.len != n * 8 || xb.len % (n * 8) != 0 || xb.len / (n * 8) < 19) {
        PyErr_SetString(PyExc_ValueError, "feature_columns: inconsistent sizes");
        goto done;
    }
    Py_ssize_t cols = xb.len / (n * 8);
    double *x = xb.buf;
    const int64_t *cl = pb.buf, *nw = nwb.buf, *stop = sb.buf;
    double span = n - 1 > 1 ? (double)(n - 1) : 1.0;
    for (Py_ssize_t i = 0; i < n; i++) {
        const int64_t *c = cl + i * LINE_COLUMNS;
        /* start, length, spaces, digits, seps, quotes, lower, upper, alpha_starts,
         * upper_starts, first flags, last code point, last flags */
        int64_t length = c[1], tokens = c[2] + 1, w = nw[i];
        double *row = x + i * cols;
        PyObject *t = PyList_GET_ITEM(texts, i);
        PyObject *count = PyDict_GetItemWithError(counts, t);
        if (!count) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_KeyError, "feature_columns: a text missing from counts");
            goto done;
        }
        long repeats = PyLong_AsLong(count);
        if (repeats == -1 && PyErr_Occurred())
            goto done;
        int kind = PyList_GET_ITEM(kinds, i) != Py_None;
        row[0] = 1.0;
        row[2] = (double)(w < 60 ? w : 60) / 60;
        row[3] = (double)stop[i] / (double)tokens;
        row[4] = (c[12] & sent_bit) > 0;
        row[5] = c[11] == ':';
        row[6] = c[8] > 0 ? (double)c[9] / (double)(c[8] > 1 ? c[8] : 1) : 0.0;
        row[7] = (double)c[3] / (double)length;
        row[8] = kind;
        row[9] = kind && w <= 8;
        row[10] = (double)(c[4] < 5 ? c[4] : 5) / 5;
        row[11] = repeats > 1 && w < 8;
        row[12] = (c[10] & bullet_bit) > 0;
        row[13] = c[7] > 0 && c[6] == 0;
        row[14] = 0.0;
        row[15] = (double)i / span;
        row[16] = w > 3 && c[5] > 0;
        double per_word = (double)length / (double)(w > 1 ? w : 1);
        row[17] = (per_word < 15.0 ? per_word : 15.0) / 15;
        row[18] = 0.0;
    }
    for (int col = 0; col < 2; col++) {
        PyObject *which = col ? counted : urlish;
        for (Py_ssize_t k = 0; k < PyList_GET_SIZE(which); k++) {
            Py_ssize_t i = PyLong_AsSsize_t(PyList_GET_ITEM(which, k));
            if (i == -1 && PyErr_Occurred())
                goto done;
            if (i < 0 || i >= n) {
                PyErr_SetString(PyExc_IndexError, "feature_columns: line index out of range");
                goto done;
            }
            x[i * cols + (col ? 18 : 14)] = 1.0;
        }
    }
    result = Py_NewRef(Py_None);
done:
    PyBuffer_Release(&xb);
    PyBuffer_Release(&pb);
    PyBuffer_Release(&nwb);
    PyBuffer_Release(&sb);
    return result;
}

/* lower(text, fold=False) -> str | None: ``text.lower()`` when every character lowers to one
 * character (str.lower's own per-character mapping, _PyUnicode_ToLowerFull, with a fast path
 * for ASCII), None for a text holding a character whose lower case is longer ("İ") or a
 * capital sigma (whose lower case depends on its neighbours): the caller then calls
 * str.lower. With fold, ``text.casefold()`` the same way (_PyUnicode_ToFoldedFull; None for
 * a character that folds to several, "ß"). */
static inline __attribute__((always_inline)) int
lower_into(int kind, const void *data, Py_ssize_t n, Py_UCS4 *out, int fold)
{
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < 128) {
            out[i] = (c >= 'A' && c <= 'Z') ? c + 32 : c;
            continue;
        }
        Py_UCS4 mapped[3];
        if (fold ? _PyUnicode_ToFoldedFull(c, mapped) != 1
                 : (c == 0x3A3 || _PyUnicode_ToLowerFull(c, mapped) != 1))
            return 0;
        out[i] = mapped[0];
    }
    return 1;
}

static PyObject *
lower(PyObject *self, PyObject *args)
{
    PyObject *text;
    int fold = 0;
    if (!PyArg_ParseTuple(args, "U|p", &text, &fold))
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (PyUnicode_IS_ASCII(text)) /* CPython's own ASCII path (casefold is lower there) */
        return PyObject_CallMethod(text, "lower", NULL);
    Py_UCS4 *buf = PyMem_Malloc(((size_t)n + 1) * sizeof(Py_UCS4));
    if (!buf)
        return PyErr_NoMemory();
    int ok;
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        ok = lower_into(PyUnicode_1BYTE_KIND, PyUnicode_DATA(text), n, buf, fold);
        break;
    case PyUnicode_2BYTE_KIND:
        ok = lower_into(PyUnicode_2BYTE_KIND, PyUnicode_DATA(text), n, buf, fold);
        break;
    default:
        ok = lower_into(PyUnicode_4BYTE_KIND, PyUnicode_DATA(text), n, buf, fold);
    }
    PyObject *res = ok ? PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf, n) : Py_NewRef(Py_None);
    PyMem_Free(buf);
    return res;
}

/* add_context(x, first, kernel, headline_max) -> None
 *
 * features._add_context in one pass, in place: for each line, the kernel-weighted sums of its
 * neighbours' columns 2, 3, 4 (words capped, stop ratio, sentence end), of their headline flag
 * (column 2 <= headline_max and column 4 == 0) and of their count (1 a line that exists), the
 * first four divided by max(count, 1e-9) into columns first..first+3. The additions run in
 * the numpy path's order (kernel offsets ascending, lines outside the page adding 0.0), so
 * the doubles are the same. */
static PyObject *
add_context(PyObject *self, PyObject *args)
{
    Py_buffer xb, kb;
    Py_ssize_t first;
    double headline_max;
    if (!PyArg_ParseTuple(args, "w*ny*d", &xb, &first, &kb, &headline_max))
        return NULL;
    PyObject *result = NULL;
    Py_ssize_t width = kb.len / (Py_ssize_t)sizeof(double), half = width / 2;
    Py_ssize_t cols = first + 4, n = cols > 0 ? xb.len / (cols * 8) : 0;
    if (first < 5 || width % 2 != 1 || kb.len % sizeof(double) || xb.len != n * cols * 8) {
        PyErr_SetString(PyExc_ValueError, "add_context: x must have first + 4 columns");
        goto done;
    }
    double *x = xb.buf;
    const double *kernel = kb.buf;
    for (Py_ssize_t i = 0; i < n; i++) {
        double acc[5] = {0.0, 0.0, 0.0, 0.0, 0.0};
        for (Py_ssize_t off = 0; off < width; off++) {
            Py_ssize_t j = i + off - half;
            double k = kernel[off], src[5] = {0.0, 0.0, 0.0, 0.0, 0.0};
            if (j >= 0 && j < n) {
                const double *row = x + j * cols;
                src[0] = row[2];
                src[1] = row[3];
                src[2] = row[4];
                src[3] = (row[2] <= headline_max) && (row[4] == 0.0);
                src[4] = 1.0;
            }
            for (int c = 0; c < 5; c++) {
                if (off == 0)
                    acc[c] = k * src[c];
                else if (k == 1.0)
                    acc[c] += src[c];
                else if (k != 0.0)
                    acc[c] += k * src[c];
            }
        }
        double count = acc[4] > 1e-9 ? acc[4] : 1e-9;
        for (int c = 0; c < 4; c++)
            x[i * cols + first + c] = acc[c] / count;
    }
    result = Py_NewRef(Py_None);
done:
    PyBuffer_Release(&xb);
    PyBuffer_Release(&kb);
    return result;
}

/* make_lines(cls, fields, texts, starts, ends, blanks) -> list
 *
 * ``list(map(cls, count(), texts, starts, ends, blanks))`` for lines.Line, a slotted
 * dataclass whose __init__ only stores its arguments: the instances are allocated and their
 * slots filled directly (``fields`` are the class's member descriptors, in __init__'s order),
 * without running __init__'s Python frame for every line. */
static PyObject *
make_lines(PyObject *self, PyObject *args)
{
    PyTypeObject *cls;
    PyObject *fields, *cols[4];
    if (!PyArg_ParseTuple(args, "O!O!O!O!O!O!", &PyType_Type, &cls, &PyTuple_Type, &fields,
                          &PyList_Type, &cols[0], &PyList_Type, &cols[1], &PyList_Type, &cols[2],
                          &PyList_Type, &cols[3]))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(cols[0]), offsets[5];
    if (PyTuple_GET_SIZE(fields) != 5) {
        PyErr_SetString(PyExc_ValueError, "make_lines: five fields expected");
        return NULL;
    }
    for (int f = 0; f < 5; f++) {
        PyObject *d = PyTuple_GET_ITEM(fields, f);
        if (!Py_IS_TYPE(d, &PyMemberDescr_Type) || PyDescr_TYPE(d) != cls ||
            ((PyMemberDescrObject *)d)->d_member->type != T_OBJECT_EX) {
            PyErr_SetString(PyExc_TypeError, "make_lines: fields must be the class's slots");
            return NULL;
        }
        offsets[f] = ((PyMemberDescrObject *)d)->d_member->offset;
    }
    for (int c = 1; c < 4; c++)
        if (PyList_GET_SIZE(cols[c]) != n) {
            PyErr_SetString(PyExc_ValueError, "make_lines: columns of unequal length");
            return NULL;
        }
    PyObject *out = PyList_New(n);
    if (!out)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *index = PyLong_FromSsize_t(i);
        PyObject *obj = index ? cls->tp_alloc(cls, 0) : NULL;
        if (!obj) {
            Py_XDECREF(index);
            Py_DECREF(out);
            return NULL;
        }
        *(PyObject **)((char *)obj + offsets[0]) = index;
        for (int c = 0; c < 4; c++)
            *(PyObject **)((char *)obj + offsets[c + 1]) = Py_NewRef(PyList_GET_ITEM(cols[c], i));
        PyList_SET_ITEM(out, i, obj);
    }
    return out;
}

/* rule_candidates(texts, digits, twice_words, opening_words) -> list[int]
 *
 * The lines on which one of cleaner._score's per-line rules (code, caption, comment header,
 * dated run, gallery counter, twice-titled and glued teasers) may fire: a necessary condition
 * of each, so that the rules' regexes and Python tests run on ~20% of the lines. A line is a
 * candidate when it holds 2+ braces, a ":" or "Photo", ends in ")" or a decimal digit, starts
 * with a digit (str.isdigit), has digits[i] >= 4 (a full date holds at least 4), or when its
 * first ``twice_words`` words (text.split(" ")) come again later in it, or when the glued-teaser
 * pattern (?:[a-z]{3}|[a-z][?!])[A-Z][a-z]{2} matches within its first ``opening_words`` words
 * (the span cleaner._glued_teaser searches). compiled.rule_candidates_py is the twin. */
static int
is_ascii_lower(Py_UCS4 c)
{
    return c >= 'a' && c <= 'z';
}

static int
is_ascii_upper(Py_UCS4 c)
{
    return c >= 'A' && c <= 'Z';
}

/* Whether (?:[a-z]{3}|[a-z][?!])[A-Z][a-z]{2} (compiled.GLUED_JOIN) matches within the first
 * ``reach`` characters: a capital at q, two lower-case letters after it, and before it three
 * lower-case letters or one and "?"/"!". */
static int
glued_in(int kind, const void *data, Py_ssize_t reach)
{
    for (Py_ssize_t q = 2; q + 3 <= reach; q++) {
        if (!is_ascii_upper(PyUnicode_READ(kind, data, q)) ||
            !is_ascii_lower(PyUnicode_READ(kind, data, q + 1)) ||
            !is_ascii_lower(PyUnicode_READ(kind, data, q + 2)))
            continue;
        Py_UCS4 a = PyUnicode_READ(kind, data, q - 1), b = PyUnicode_READ(kind, data, q - 2);
        if ((a == '?' || a == '!') && is_ascii_lower(b))
            return 1;
        if (q >= 3 && is_ascii_lower(a) && is_ascii_lower(b) &&
            is_ascii_lower(PyUnicode_READ(kind, data, q - 3)))
            return 1;
    }
    return 0;
}

/* glued_opening(text, max_words) -> bool: compiled.GLUED_JOIN.search(text, 0, reach) is not None,
 * reach the end of the first ``max_words`` words of text.split(" ") (all of it when shorter),
 * as cleaner._glued_teaser searches. compiled.glued_opening_py is the twin. */
static PyObject *
glued_opening(PyObject *self, PyObject *args)
{
    PyObject *t;
    Py_ssize_t max_words;
    if (!PyArg_ParseTuple(args, "Un", &t, &max_words))
        return NULL;
    if (max_words < 1) {
        PyErr_SetString(PyExc_ValueError, "max_words must be positive");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(t), reach = n, spaces = 0;
    int kind = PyUnicode_KIND(t);
    const void *data = PyUnicode_DATA(t);
    for (Py_ssize_t i = 0; i < n; i++)
        if (PyUnicode_READ(kind, data, i) == ' ' && ++spaces == max_words) {
            reach = i + 1;
            break;
        }
    return PyBool_FromLong(glued_in(kind, data, reach));
}

static int
rule_candidate(PyObject *t, double digits, Py_ssize_t twice_words, Py_ssize_t opening_words)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(t);
    if (n == 0)
        return 1; /* the rules' own tests decide (and fail loudly) */
    int kind = PyUnicode_KIND(t);
    const void *data = PyUnicode_DATA(t);
    Py_UCS4 first = PyUnicode_READ(kind, data, 0), last = PyUnicode_READ(kind, data, n - 1);
    if (digits >= 4 || last == ')' || Py_UNICODE_ISDECIMAL(last) || Py_UNICODE_ISDIGIT(first))
        return 1;
    Py_ssize_t braces = 0, spaces = 0, head = -1, reach = n;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c == ':')
            return 1;
        if (c == '{' || c == '}') {
            if (++braces >= 2)
                return 1;
        }
        else if (c == ' ') {
            spaces++;
            if (spaces == twice_words)
                head = i;
            if (spaces == opening_words)
                reach = i + 1;
        }
        else if (c == 'P' && i + 5 <= n && PyUnicode_READ(kind, data, i + 1) == 'h' &&
                 PyUnicode_READ(kind, data, i + 2) == 'o' &&
                 PyUnicode_READ(kind, data, i + 3) == 't' &&
                 PyUnicode_READ(kind, data, i + 4) == 'o')
            return 1;
    }
    if (glued_in(kind, data, reach))
        return 1;
    /* twice titled: text.find(head, len(head)) != -1, head the text before the
     * twice_words-th space (with fewer spaces the head is the whole text: never found again) */
    if (head >= 0) {
        if (head == 0)
            return 1;
        size_t bytes = (size_t)head * kind;
        const char *d = (const char *)data;
        for (Py_ssize_t p = head; p + head <= n; p++)
            if (PyUnicode_READ(kind, data, p) == first &&
                memcmp(d + (size_t)p * kind, d, bytes) == 0)
                return 1;
    }
    return 0;
}

static PyObject *
rule_candidates(PyObject *self, PyObject *args)
{
    PyObject *texts, *digits;
    Py_ssize_t twice_words, opening_words;
    if (!PyArg_ParseTuple(args, "O!O!nn", &PyList_Type, &texts, &PyList_Type, &digits,
                          &twice_words, &opening_words))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(texts);
    if (PyList_GET_SIZE(digits) != n) {
        PyErr_SetString(PyExc_ValueError, "one digit count per text expected");
        return NULL;
    }
    if (twice_words < 1 || opening_words < 1) {
        PyErr_SetString(PyExc_ValueError, "word counts must be positive");
        return NULL;
    }
    PyObject *out = PyList_New(0);
    if (!out)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *t = PyList_GET_ITEM(texts, i);
        if (!PyUnicode_Check(t)) {
            PyErr_SetString(PyExc_TypeError, "texts must be strings");
            goto fail;
        }
        double dg = PyFloat_AsDouble(PyList_GET_ITEM(digits, i));
        if (dg == -1.0 && PyErr_Occurred())
            goto fail;
        if (rule_candidate(t, dg, twice_words, opening_words)) {
            if (append_index(out, i) < 0)
                goto fail;
        }
    }
    return out;

fail:
    Py_DECREF(out);
    return NULL;
}

/* split_count(text) -> int: len(text.split()) (whitespace: Py_UNICODE_ISSPACE), without
 * building the words. */
static PyObject *
split_count(PyObject *self, PyObject *args)
{
    PyObject *text;
    if (!PyArg_ParseTuple(args, "U", &text))
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), count = 0;
    int kind = PyUnicode_KIND(text), in_word = 0;
    const void *data = PyUnicode_DATA(text);
    for (Py_ssize_t i = 0; i < n; i++) {
        int space = Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i));
        count += !space && !in_word;
        in_word = !space;
    }
    return PyLong_FromSsize_t(count);
}

/* ---- speed-a: page-level helpers of lines.py / normalize.py ---- */

/* map_same_length(text, sources, targets) -> str: ``text`` with each character of ``sources``
 * replaced by the one at the same index of ``targets`` (normalize.map_same_length, its
 * pure-Python twin): one pass over the text against a bitmap of the sources (below 0x10000)
 * where the twin makes one ``in`` scan per source, and ``text`` itself when none occurs. */
static PyObject *msl_sources; /* the sources the bitmap was built for (a module constant) */
static unsigned char msl_bits[0x10000 / 8];

static inline __attribute__((always_inline)) Py_ssize_t
msl_first(int kind, const void *data, Py_ssize_t n)
{
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < 0x10000 && (msl_bits[c >> 3] >> (c & 7)) & 1)
            return i;
    }
    return -1;
}

static PyObject *
map_same_length(PyObject *self, PyObject *args)
{
    PyObject *text, *sources, *targets;
    if (!PyArg_ParseTuple(args, "UUU", &text, &sources, &targets))
        return NULL;
    Py_ssize_t n_src = PyUnicode_GET_LENGTH(sources);
    if (PyUnicode_GET_LENGTH(targets) != n_src) {
        PyErr_SetString(PyExc_ValueError, "sources and targets differ in length");
        return NULL;
    }
    for (Py_ssize_t k = 0; k < n_src; k++)
        if (PyUnicode_READ_CHAR(sources, k) >= 0x10000) {
            PyErr_SetString(PyExc_ValueError, "sources are below U+10000");
            return NULL;
        }
    if (msl_sources != sources) {
        memset(msl_bits, 0, sizeof(msl_bits));
        for (Py_ssize_t k = 0; k < n_src; k++) {
            Py_UCS4 c = PyUnicode_READ_CHAR(sources, k);
            msl_bits[c >> 3] |= (unsigned char)(1 << (c & 7));
        }
        Py_XSETREF(msl_sources, Py_NewRef(sources));
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t first = kind == PyUnicode_1BYTE_KIND   ? msl_first(1, data, n)
                       : kind == PyUnicode_2BYTE_KIND ? msl_first(2, data, n)
                                                      : msl_first(4, data, n);
    if (first < 0)
        return Py_NewRef(text);
    Py_UCS4 *buf = PyUnicode_AsUCS4Copy(text);
    if (!buf)
        return NULL;
    for (Py_ssize_t i = first; i < n; i++) {
        Py_UCS4 c = buf[i];
        if (c >= 0x10000 || !((msl_bits[c >> 3] >> (c & 7)) & 1))
            continue;
        for (Py_ssize_t k = 0; k < n_src; k++)
            if (PyUnicode_READ_CHAR(sources, k) == c) {
                buf[i] = PyUnicode_READ_CHAR(targets, k);
                break;
            }
    }
    PyObject *out = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf, n);
    PyMem_Free(buf);
    return out;
}

/* collapse_fold(text) -> str | None: ``" ".join(text.split()).casefold()`` (model.content_id's
 * whitespace and case) in one pass, ASCII characters folded inline, others by str.casefold's
 * own mapping (_PyUnicode_ToFoldedFull); None when a character folds to several ("ß"): the
 * caller then takes the two str methods. */
static inline __attribute__((always_inline)) Py_ssize_t
collapse_fold_into(int kind, const void *data, Py_ssize_t n, Py_UCS4 *out)
{
    Py_ssize_t k = 0;
    int pending = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i), folded[3];
        if (Py_UNICODE_ISSPACE(c)) {
            pending = k > 0;
            continue;
        }
        if (pending)
            out[k++] = ' ';
        pending = 0;
        if (c < 128)
            out[k++] = (c >= 'A' && c <= 'Z') ? c + 32 : c;
        else if (_PyUnicode_ToFoldedFull(c, folded) == 1)
            out[k++] = folded[0];
        else
            return -1;
    }
    return k;
}

static PyObject *
collapse_fold(PyObject *self, PyObject *args)
{
    PyObject *text;
    if (!PyArg_ParseTuple(args, "U", &text))
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_UCS4 *buf = PyMem_Malloc(((size_t)n + 1) * sizeof(Py_UCS4));
    if (!buf)
        return PyErr_NoMemory();
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t k = kind == PyUnicode_1BYTE_KIND   ? collapse_fold_into(1, data, n, buf)
                   : kind == PyUnicode_2BYTE_KIND ? collapse_fold_into(2, data, n, buf)
                                                  : collapse_fold_into(4, data, n, buf);
    PyObject *res = k >= 0 ? PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf, k)
                           : Py_NewRef(Py_None);
    PyMem_Free(buf);
    return res;
}

/* ---- end speed-a ---- */
/* ---- speed-b: cleaner._score's line masks ------------------------------------------------ */

/* range_masks(x, n_cols, words, masks) -> list[list[int]]
 *
 * For each mask, a tuple of (column, low, high) ranges, the lines i whose every range holds
 * its value: low <= value <= high, the value x[i, column] of a C-contiguous float64 matrix of
 * n_cols columns (given as a buffer), or float(words[i]) for column -1. One pass for all the
 * masks of a page instead of a dozen small numpy operations each; the twin is
 * compiled.range_masks_py. */
typedef struct {
    Py_ssize_t col;
    double low, high;
} Range;

static PyObject *
range_masks(PyObject *self, PyObject *args)
{
    Py_buffer buf;
    Py_ssize_t n_cols;
    PyObject *words, *masks, *out = NULL;
    if (!PyArg_ParseTuple(args, "y*nO!O!", &buf, &n_cols, &PyList_Type, &words, &PyTuple_Type,
                          &masks))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(words), n_masks = PyTuple_GET_SIZE(masks), total = 0;
    Range *ranges = NULL;
    Py_ssize_t *first = NULL;
    double *w = NULL;
    if (n_cols <= 0 || buf.len != n * n_cols * (Py_ssize_t)sizeof(double)) {
        PyErr_SetString(PyExc_ValueError, "x must hold len(words) rows of n_cols float64");
        goto done;
    }
    for (Py_ssize_t k = 0; k < n_masks; k++) {
        PyObject *mask = PyTuple_GET_ITEM(masks, k);
        if (!PyTuple_Check(mask)) {
            PyErr_SetString(PyExc_TypeError, "each mask must be a tuple of ranges");
            goto done;
        }
        total += PyTuple_GET_SIZE(mask);
    }
    ranges = PyMem_Malloc(((size_t)total + 1) * sizeof(Range));
    first = PyMem_Malloc(((size_t)n_masks + 1) * sizeof(Py_ssize_t));
    w = PyMem_Malloc(((size_t)n + 1) * sizeof(double));
    if (!ranges || !first || !w) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0, at = 0; k < n_masks; k++) {
        PyObject *mask = PyTuple_GET_ITEM(masks, k);
        first[k] = at;
        for (Py_ssize_t j = 0; j < PyTuple_GET_SIZE(mask); j++, at++) {
            Range *r = &ranges[at];
            if (!PyArg_ParseTuple(PyTuple_GET_ITEM(mask, j), "ndd", &r->col, &r->low, &r->high))
                goto done;
            if (r->col < -1 || r->col >= n_cols) {
                PyErr_SetString(PyExc_ValueError, "a range's column is out of bounds");
                goto done;
            }
        }
    }
    first[n_masks] = total;
    for (Py_ssize_t i = 0; i < n; i++) {
        w[i] = PyFloat_AsDouble(PyList_GET_ITEM(words, i));
        if (w[i] == -1.0 && PyErr_Occurred())
            goto done;
    }
    if (!(out = PyList_New(n_masks)))
        goto done;
    const double *x = (const double *)buf.buf;
    for (Py_ssize_t k = 0; k < n_masks; k++) {
        PyObject *found = PyList_New(0);
        if (!found) {
            Py_CLEAR(out);
            goto done;
        }
        PyList_SET_ITEM(out, k, found);
        for (Py_ssize_t i = 0; i < n; i++) {
            Py_ssize_t q = first[k];
            for (; q < first[k + 1]; q++) {
                const Range *r = &ranges[q];
                double v = r->col < 0 ? w[i] : x[i * n_cols + r->col];
                if (!(v >= r->low && v <= r->high))
                    break;
            }
            if (q == first[k + 1] && append_index(found, i) < 0) {
                Py_CLEAR(out);
                goto done;
            }
        }
    }

done:
    PyMem_Free(ranges);
    PyMem_Free(first);
    PyMem_Free(w);
    PyBuffer_Release(&buf);
    return out;
}

/* ---- end speed-b --------------------------------------------------------------------------- */

static PyMethodDef methods[] = {
    {"split_count", split_count, METH_VARARGS, "split_count(text) -> int: len(text.split())."},
    {"glued_opening", glued_opening, METH_VARARGS,
     "glued_opening(text, max_words) -> bool: compiled.GLUED_JOIN in the first max_words words."},
    {"rule_candidates", rule_candidates, METH_VARARGS,
     "rule_candidates(texts, digits, twice_words, opening_words) -> list: the lines on which "
     "one of cleaner._score's per-line rules may fire."},
    {"make_lines", make_lines, METH_VARARGS, "lines.Line objects without their __init__."},
    {"add_context", add_context, METH_VARARGS, "features._add_context, in place."},
    {"lower", lower, METH_VARARGS, "str.lower where no character lowers to several."},
    {"feature_columns", feature_columns, METH_VARARGS,
     "features.line_features' columns 0 and 2-18, written into x."},
    {"heading_shaped", heading_shaped, METH_VARARGS,
     "layout.is_heading_shaped of every line at once."},
    {"anchored_candidates", anchored_candidates, METH_VARARGS,
     "Lines on which a ^\\W*(alternatives) pattern may match."},
    {"all_repeats", all_repeats, METH_VARARGS,
     "all_repeats(page, n_paragraphs, min_words, containment) -> dict: repeats._all_repeats "
     "of the paragraphs that \"\\n\".join(...).casefold() gave ``page``."},
    {"dfa_counts", dfa_counts, METH_VARARGS,
     "dfa_counts(nextmove, rowbase, output, data) -> dict: py3langid's visit_counts."},
    {"lines_with_any", lines_with_any, METH_VARARGS,
     "lines_with_any(text, literals, ignore_case) -> list: lines holding one of the literals."},
    {"split_lf", split_lf, METH_VARARGS,
     "split_lf(mapped, original, special, deletable, collapse, normalize): split_lines at \"\\n\"."},
    {"joinable", joinable, METH_VARARGS,
     "joinable(texts, never_last) -> list: reflow's candidate lines."},
    {"line_classes", line_classes, METH_VARARGS,
     "line_classes(texts, table, masks) -> bytes | None: features.line_features' per-line "
     "character counts, 13 int64 values a line."},
    {"best_run", best_run, METH_VARARGS,
     "best_run(gain) -> (total, start, end): classify._best_run over float64 values."},
    {"collapse_space", collapse_space, METH_VARARGS,
     "collapse_space(text) -> str: \" \".join(text.split())."},
    {"stop_flags", stop_flags, METH_VARARGS,
     "stop_flags(text, stop, strip, per_line=False) -> bytes: 1 for each token of text.split() "
     "whose strip(strip) is in stop; per line: their number in each line, as int64."},
    {"map_same_length", map_same_length, METH_VARARGS,
     "map_same_length(text, sources, targets) -> str: normalize.map_same_length."},
    {"collapse_fold", collapse_fold, METH_VARARGS,
     "collapse_fold(text) -> str | None: \" \".join(text.split()).casefold()."},
    {"range_masks", range_masks, METH_VARARGS,
     "range_masks(x, n_cols, words, masks) -> list[list[int]]: the lines passing each mask's "
     "(column, low, high) ranges."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_speedups", "Compiled core of newsloom.clean (repeats, lang).", -1, methods,
};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    return PyModule_Create(&module);
}
