# Seeds for the fuzz targets, from the rule pack, the test fixtures and hand-written cases.
# Usage (from the repository root): python3 fuzz/seeds.py . fuzz/seeds
# then: cd fuzz && cargo +nightly fuzz run -s none -a TARGET corpus/TARGET seeds/TARGET
import tomllib, os, glob, hashlib, base64, json, sys
root = sys.argv[1]
fz = sys.argv[2]
def put(target, data):
    if isinstance(data, str): data = data.encode()
    d = os.path.join(fz, target); os.makedirs(d, exist_ok=True)
    open(os.path.join(d, hashlib.sha1(data).hexdigest()), 'wb').write(data)
rules = []
for f in sorted(glob.glob(os.path.join(root, 'rules', '*.toml'))):
    t = tomllib.load(open(f, 'rb'))
    raw = open(f).read()
    for r in t.get('rules', []):
        rules.append(r)
# detect: each example, under a few paths and split points
for i, r in enumerate(rules):
    for j, ex in enumerate(r.get('examples', []) + r.get('negative_examples', [])):
        put('detect', bytes([i % 8, j]) + ('line one\n' + ex + '\nlast = 1\n').encode())
for f in glob.glob(os.path.join(root, 'tests', 'fixtures', '**', '*'), recursive=True):
    if os.path.isfile(f) and os.path.getsize(f) < 20000:
        put('detect', bytes([0, 3]) + open(f, 'rb').read())
put('detect', bytes([0, 1]) + 'password = "hunter2hunter2"  # hush:allow-next-line\napi_key = "Zk3p9QmX2vLr8TnW4yBd"\n'.encode())
put('detect', bytes([0, 1]) + '\ufeffsecret = "Zk3p9QmX2vLr8TnW4yBd"'.encode('utf-16-le'))
put('detect', bytes([0, 1]) + b'\xff\xfe' + 'token: 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\n'.encode('utf-16-le'))
# validators
for t in ['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', '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', 'ghp_', '_abc', 'gho_16C7e42F292c6912E7710c838347Ae178B4a', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz']:
    put('validate_github', t)
for t in ['eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIiwiZXhwIjoxMDAwfQ.c2lnbmF0dXJl',
          'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.', 'a.b.c', 'eyJ4.eyJ4', '\x05HS256' + '\x00'*8]:
    put('validate_jwt', t)
key = base64.b64encode(os.urandom(48)).decode()
put('validate_pem', '-----BEGIN PRIVATE KEY-----\n' + key + '\n-----END PRIVATE KEY-----\n')
put('validate_pem', '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n' + key + '\n-----END RSA PRIVATE KEY-----')
put('validate_pem', '"-----BEGIN PRIVATE KEY-----\\n' + key + '\\n-----END PRIVATE KEY-----\\n"')
put('validate_pem', b'\x01' + os.urandom(50))
put('validate_pem', b'\x02' + os.urandom(20))
# config
put('config', 'disabled_rules = ["jwt"]\nmin_confidence = "medium"\nmax_file_size = 1000\n[allowlist]\npaths = ["tests/**"]\nvalues = ["^dev-"]\n[[rules]]\nid = "acme-key"\nname = "Acme key"\nkeywords = ["acme_"]\nregex = \'\\b(acme_[a-z0-9]{20})\\b\'\nexamples = ["key = acme_0123456789abcdefghij"]\n')
put('config', 'min_confidence = "extreme"\n')
put('config', 'enabled_rules = ["stripe-test-secret-key"]\n')
put('config', '[[rules]]\nid = "x"\nname = "x"\nkeywords = ["k"]\nregex = "k(.*)"\nnear = { regex = "n", within = 10 }\nmultiline = true\nvalidator = "jwt"\nmin_entropy = 3.5\nconfidence = "high"\nexamples = ["k123 n"]\n')
put('config', '[[rules]]\nid = "f"\nname = "f"\nfilenames = ["*.secret"]\ncontent_regex = "x"\n')
# rules: each built-in rule alone, as TOML
import re
for f in sorted(glob.glob(os.path.join(root, 'rules', '*.toml'))):
    raw = open(f).read()
    parts = re.split(r'(?m)^(?=\[\[rules\]\])', raw)
    for p in parts[1:]:
        # A user rule may not reuse a built-in id: rename, so the seed exercises the whole load.
        put('rules', re.sub(r'(?m)^id = ([\'"])', r'id = \1user-', p))
# baseline: detect-secrets-shaped files, labelled, foreign types, duplicates, odd values
import random
random.seed(1)
res = {}
for i, r in enumerate(rules[:40]):
    f = 'dir%d/file%d.py' % (i % 5, i)
    e = {'type': r['id'], 'filename': f, 'hashed_secret': hashlib.sha1(r['id'].encode()).hexdigest(),
         'is_verified': False, 'line_number': i + 1}
    if i % 3 == 0: e['is_secret'] = True
    if i % 3 == 1: e['is_secret'] = False
    if i % 5 == 0: e['type'] = 'Secret Keyword'
    if i % 7 == 0: e['custom'] = {'x': [1, 2.5, None]}
    res.setdefault(f, []).append(e)
full = {'version': '1.5.0', 'plugins_used': [{'name': 'AWSKeyDetector'}, {'name': 'KeywordDetector', 'keyword_exclude': ''}],
        'filters_used': [{'path': 'detect_secrets.filters.allowlist.is_line_allowlisted'}], 'results': res,
        'generated_at': '2024-01-02T03:04:05Z', 'extra_top': {'a': 1}}
put('baseline', json.dumps(full, indent=2))
dup = {'version': '1.4.0', 'results': {'a.py': [
    {'type': 'X', 'filename': 'a.py', 'hashed_secret': 'aa', 'is_verified': False, 'line_number': 3},
    {'type': 'X', 'filename': 'a.py', 'hashed_secret': 'aa', 'is_verified': True, 'line_number': 1, 'is_secret': False}]}}
put('baseline', json.dumps(dup))
for s in ['{"version":"1.5.0","results":{}}', '{"results":{"f":[{"type":"t","filename":"f","hashed_secret":"h","is_verified":false}]}}',
          '{"version":"1.5.0","results":{"a":[{"type":"t","filename":"b","hashed_secret":"h","is_verified":false,"line_number":null}]}}',
          '[]', '{"results": 5}']:
    put('baseline', s)
print({d: len(os.listdir(os.path.join(fz, d))) for d in os.listdir(fz)})
# pack: small real packs made by git (whole objects, offset deltas, id-named deltas), each as a
# 4-byte little-endian index length, the index, then the pack.
import subprocess, tempfile
def git(d, *a):
    env = dict(os.environ, GIT_AUTHOR_NAME='A', GIT_AUTHOR_EMAIL='a@example.org',
               GIT_COMMITTER_NAME='A', GIT_COMMITTER_EMAIL='a@example.org',
               GIT_AUTHOR_DATE='2024-01-01T00:00:00Z', GIT_COMMITTER_DATE='2024-01-01T00:00:00Z')
    subprocess.run(['git', '-C', d] + list(a), check=True, env=env, capture_output=True)
for versions, ofs in [(1, True), (12, True), (12, False), (30, True)]:
    with tempfile.TemporaryDirectory() as d:
        git(d, 'init', '-q')
        text = ''
        for v in range(versions):
            text += 'line %d: token = "value-%d"\n' % (v, v * 7)
            open(os.path.join(d, 'a.txt'), 'w').write(text)
            open(os.path.join(d, 'b.txt'), 'w').write(text[::-1])
            git(d, 'add', '.'); git(d, 'commit', '-qm', 'v%d' % v)
        git(d, '-c', 'repack.useDeltaBaseOffset=%s' % ('true' if ofs else 'false'), 'repack', '-adfq')
        pk = glob.glob(os.path.join(d, '.git', 'objects', 'pack', '*.idx'))[0]
        idx = open(pk, 'rb').read(); pack = open(pk[:-4] + '.pack', 'rb').read()
        put('pack', len(idx).to_bytes(4, 'little') + idx + pack)
# container and image: archives, compressed streams, layers and small images, built here
import io, tarfile, zipfile, gzip as gz, bz2, lzma
def tar_bytes(files, fmt=tarfile.GNU_FORMAT):
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode='w', format=fmt) as t:
        for name, data in files:
            ti = tarfile.TarInfo(name)
            if name.endswith('/'):
                ti.type = tarfile.DIRTYPE; ti.name = name.rstrip('/')
                t.addfile(ti)
            elif isinstance(data, tuple):
                ti.type = tarfile.SYMTYPE; ti.linkname = data[1]
                t.addfile(ti)
            else:
                ti.size = len(data); t.addfile(ti, io.BytesIO(data))
        end = t.offset
    # The end-of-archive blocks, without the 10 KiB record padding: the seeds stay small.
    return b.getvalue()[:end] + b'\0' * 1024
def zip_bytes(files, method=zipfile.ZIP_DEFLATED):
    b = io.BytesIO()
    with zipfile.ZipFile(b, 'w', method) as z:
        for name, data in files: z.writestr(name, data)
    return b.getvalue()
secret = b'github.token=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\n'
props_tar = tar_bytes([('config/app.properties', secret)])
layer1 = tar_bytes([('etc/', b''), ('etc/app.conf', secret), ('srv/old/k.txt', secret)])
layer2 = tar_bytes([('etc/.wh.app.conf', b''), ('srv/old/.wh..wh..opq', b''), ('./opt/x.txt', b'x'), ('/abs/link', ('sym', '../../etc/passwd'))])
for pick, blob in [
    (0, props_tar), (1, zip_bytes([('a', b'1'), ('b', b'2'), ('c', b'3'), ('d', secret)])),
    (2, zip_bytes([('in.zip', zip_bytes([('deep.jar', zip_bytes([('x', secret)]))]))])),
    (0, gz.compress(props_tar)), (0, bz2.compress(props_tar)), (0, lzma.compress(props_tar)),
    (0, gz.compress(secret)), (3, gz.compress(b'\0' * 65536)), (0, layer1), (0, layer2),
    (0, gz.compress(layer2)), (0, tar_bytes([('../../x', secret), ('/etc/y', secret)], tarfile.USTAR_FORMAT)),
    (0, zip_bytes([('word/document.xml', b'<w:t>' + secret + b'</w:t>')], zipfile.ZIP_STORED)),
    (3, b''), (1, tar_bytes([(f'f{i}', b'%d' % i) for i in range(6)])),
]:
    put('container', bytes([pick]) + blob)
def h(data): return hashlib.sha256(data).hexdigest()
def docker_save(layers, env=(), manifest=None):
    cfg = json.dumps({'config': {'Env': list(env)}, 'rootfs': {'type': 'layers', 'diff_ids': ['sha256:' + h(l) for l in layers]},
                      'history': [{'created_by': '/bin/sh -c #(nop) ENV A=1'}]}).encode()
    names = [h(l)[:40] + '/layer.tar' for l in layers]
    m = manifest if manifest is not None else json.dumps([{'Config': h(cfg) + '.json', 'RepoTags': ['app:1'], 'Layers': names}]).encode()
    return tar_bytes([('manifest.json', m), (h(cfg) + '.json', cfg)] + list(zip(names, layers)))
def oci(layers):
    files = [('oci-layout', b'{"imageLayoutVersion": "1.0.0"}')]
    def blob(d):
        files.append(('blobs/sha256/' + h(d), d)); return {'digest': 'sha256:' + h(d), 'size': len(d)}
    c = blob(json.dumps({'config': {'Env': ['TOKEN=' + secret.decode().strip()]}}).encode())
    m = blob(json.dumps({'schemaVersion': 2, 'config': c, 'layers': [blob(l) for l in layers]}).encode())
    files.append(('index.json', json.dumps({'schemaVersion': 2, 'manifests': [dict(m, mediaType='application/vnd.oci.image.manifest.v1+json')]}).encode()))
    return tar_bytes(files)
for img in [
    docker_save([layer1, layer2]), docker_save([layer1, gz.compress(layer2)], env=['GITHUB_TOKEN=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']),
    gz.compress(docker_save([layer1])), oci([layer1, gz.compress(layer2)]),
    docker_save([layer1], manifest=b'[{"Config": '), docker_save([layer1], manifest=b'[{"Config": "x.json", "Layers": ["missing/layer.tar"]}]'),
    docker_save([gz.compress(tar_bytes([('zeros', b'\0' * 200000)]))]),
]:
    put('image', img)
