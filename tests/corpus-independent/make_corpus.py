import base64, json, os, random, re, string, sys, shutil
random.seed(18)
OUT = sys.argv[1]
K = '/tmp/recall/keys/'
def key(n): return open(K+n).read().rstrip('\n')
def R(kind, n):
    al = {'alnum': string.ascii_letters+string.digits, 'hex': '0123456789abcdef', 'HEX': '0123456789ABCDEF',
          'b64': string.ascii_letters+string.digits+'+/', 'url': string.ascii_letters+string.digits+'-_',
          'lower': string.ascii_lowercase+string.digits, 'crypt': './'+string.ascii_letters+string.digits, 'dj': string.ascii_lowercase+string.digits+'!@#$%^&*(-_=+)'}[kind]
    return ''.join(random.choice(al) for _ in range(n))
def b64(s): return base64.b64encode(s.encode()).decode()
def b64u(b): return base64.urlsafe_b64encode(b).decode().rstrip('=')
def sub(t):
    return re.sub(r'\{R:(\w+):(\d+)\}', lambda m: R(m.group(1), int(m.group(2))), t)
FILES = []  # (path, provenance, text)
def F(path, prov, text): FILES.append((path, prov, text))
RC = 'realistic code written for this corpus'

# ---------------- class a: credential files of everyday tools ----------------
F('a/home/.pgpass', 'https://www.postgresql.org/docs/current/libpq-pgpass.html', '''# hostname:port:database:username:password
db-prod.internal:5432:orders:orders_app:{R:alnum:20} ⟦s:a⟧
*:5432:*:replicator:Repl1cate-2024 ⟦s:a⟧
localhost:5433:analytics:metabase:mb_{R:alnum:12} ⟦s:a⟧
''')
F('a/home/.my.cnf', 'https://dev.mysql.com/doc/refman/8.0/en/option-files.html', '''[client]
user=backup
password={R:alnum:18} ⟦s:a⟧
host=mysql-primary.internal

[mysqldump]
user=backup
password="dump!Night7" ⟦s:a⟧
single-transaction
''')
F('a/home/.my.cnf.dist', 'https://dev.mysql.com/doc/refman/8.0/en/option-files.html', '''[client]
user=backup
password= ⟦n:a⟧
# password=your_password ⟦n:a⟧
''')
F('a/rails/config/database.yml', 'https://guides.rubyonrails.org/configuring.html#configuring-a-database', '''default: &default
  adapter: postgresql
  encoding: unicode
  pool: <%= ENV.fetch("RAILS_MAX_THREADS") { 5 } %>

development:
  <<: *default
  database: shop_development
  password: <%= ENV['DATABASE_PASSWORD'] %> ⟦n:a⟧

test:
  <<: *default
  database: shop_test
  password: "" ⟦n:a⟧

production:
  <<: *default
  database: shop_production
  username: shop
  password: Pr0d-{R:alnum:14} ⟦s:a⟧
  host: pg-main.internal
''')
F('a/filezilla/sitemanager.xml', 'https://wiki.filezilla-project.org/Site_Manager (file format as FileZilla 3 writes it)', '''<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>
<FileZilla3 version="3.66.4" platform="windows">
    <Servers>
        <Server>
            <Host>ftp.customer-site.example</Host>
            <Port>21</Port>
            <Protocol>0</Protocol>
            <Type>0</Type>
            <User>webmaster</User>
            <Pass encoding="base64">''' + b64('Ft9!webMaster') + '''</Pass> ⟦s:a⟧
            <Logontype>1</Logontype>
            <Name>Customer site</Name>
        </Server>
        <Server>
            <Host>sftp.backup.example</Host>
            <Port>22</Port>
            <Protocol>1</Protocol>
            <User>nightly</User>
            <Pass encoding="base64">''' + b64('n1ghtly-' + R('alnum', 10)) + '''</Pass> ⟦s:a⟧
            <Logontype>1</Logontype>
            <Name>Backups</Name>
        </Server>
        <Server>
            <Host>ftp.mirror.example</Host>
            <Port>21</Port>
            <User>anonymous</User>
            <Logontype>0</Logontype>
            <Name>Public mirror</Name>
        </Server>
    </Servers>
</FileZilla3>
''')
F('a/filezilla/recentservers.xml', 'https://wiki.filezilla-project.org/ (recentservers.xml as FileZilla 3 writes it)', '''<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>
<FileZilla3 version="3.66.4" platform="windows">
    <RecentServers>
        <Server>
            <Host>203.0.113.17</Host>
            <Port>21</Port>
            <Protocol>0</Protocol>
            <User>deploy</User>
            <Pass encoding="base64">''' + b64('d3ploy#Site') + '''</Pass> ⟦s:a⟧
            <Logontype>1</Logontype>
        </Server>
    </RecentServers>
</FileZilla3>
''')
F('a/winscp/WinSCP.ini', 'https://winscp.net/eng/docs/config (sessions stored in the INI file; Password is obfuscated, not encrypted)', '''[Configuration\\Interface]
RandomSeedFile=%APPDATA%\\winscp.rnd

[Sessions\\deploy@web01]
HostName=web01.example.net
UserName=deploy
Password={R:HEX:60} ⟦s:a⟧
FSProtocol=2

[Sessions\\readonly@logs]
HostName=logs.example.net
UserName=readonly
PublicKeyFile=C:\\Users\\ops\\.ssh\\logs.ppk
''')
F('a/rclone/rclone.conf', 'https://rclone.org/docs/#configure and https://rclone.org/commands/rclone_obscure/', '''[offsite]
type = sftp
host = backup.example.org
user = rclone
pass = {R:url:43} ⟦s:a⟧

[photos]
type = s3
provider = Wasabi
access_key_id =
secret_access_key =
env_auth = true

[nas]
type = smb
host = 192.168.1.20
user = media
pass = ⟦n:a⟧
''')
F('a/vscode/.vscode/sftp.json', 'https://github.com/Natizyskunk/vscode-sftp/wiki/configuration', '''{
    "name": "staging",
    "host": "staging.example.io",
    "protocol": "sftp",
    "port": 22,
    "username": "www-data",
    "password": "St4ging!{R:alnum:6}", ⟦s:a⟧
    "remotePath": "/var/www/html",
    "uploadOnSave": true
}
''')
F('a/vscode-example/.vscode/sftp.json', 'https://github.com/Natizyskunk/vscode-sftp/wiki/configuration', '''{
    "name": "My Server",
    "host": "localhost",
    "protocol": "sftp",
    "port": 22,
    "username": "username",
    "password": "", ⟦n:a⟧
    "remotePath": "/"
}
''')
F('a/jetbrains/.idea/webServers.xml', RC + ' (shape of an older JetBrains webServers.xml with a stored password)', '''<?xml version="1.0" encoding="UTF-8"?>
<project version="4">
  <component name="WebServers">
    <option name="servers">
      <webServer id="4b6f2d1e-8a0c-4e6b-9d2f-1c3a5b7e9f01" name="production" url="https://www.example.shop">
        <fileTransfer host="ftp.example.shop" port="21" rootFolder="/public_html" accessType="FTP" login="shopftp" password="{R:hex:40}"> ⟦s:a⟧
          <advancedOptions>
            <advancedOptions dataProtectionLevel="Private" passiveMode="true" shareSSLContext="true" />
          </advancedOptions>
        </fileTransfer>
      </webServer>
    </option>
  </component>
</project>
''')
F('a/home/.netrc', 'https://www.gnu.org/software/inetutils/manual/html_node/The-_002enetrc-file.html', '''machine api.heroku.example
  login ops@example.com
  password {R:hex:8}-{R:hex:4}-{R:hex:4}-{R:hex:4}-{R:hex:12} ⟦s:a⟧
machine files.example.org login mirror password m1rror!Sync ⟦s:a⟧
machine ftp.example.net login anonymous password changeme ⟦n:a⟧
default login anonymous password guest@example.net
''')
F('a/home/.git-credentials', 'https://git-scm.com/docs/git-credential-store#_storage_format', '''https://alice:Tr0ub4dor-3x@git.example.com ⟦s:a⟧
https://build-bot:{R:alnum:24}@gitea.internal.example ⟦s:a⟧
https://oauth2:${CI_JOB_TOKEN}@gitlab.example.com ⟦n:a⟧
''')
F('a/home/.docker/config.json', 'https://docs.docker.com/reference/cli/docker/login/#credential-stores (auth is base64 of user:password)', '''{
	"auths": {
		"registry.example.com": {
			"auth": "''' + b64('ci-pusher:' + R('alnum', 20)) + '''" ⟦s:a⟧
		},
		"harbor.internal:8443": {
			"auth": "''' + b64('admin:Harbor12345x') + '''" ⟦s:a⟧
		},
		"https://index.docker.io/v1/": {}
	},
	"credsStore": "desktop"
}
''')
F('a/home2/.docker/config.json', 'https://docs.docker.com/reference/cli/docker/login/', '''{
	"auths": {
		"ghcr.io": {
			"auth": "" ⟦n:a⟧
		}
	},
	"credHelpers": { "123456789012.dkr.ecr.eu-west-1.amazonaws.com": "ecr-login" }
}
''')
F('a/home/.m2/settings.xml', 'https://maven.apache.org/settings.html#servers', '''<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">
  <servers>
    <server>
      <id>nexus-releases</id>
      <username>deployment</username>
      <password>{R:alnum:16}</password> ⟦s:a⟧
    </server>
    <server>
      <id>nexus-snapshots</id>
      <username>deployment</username>
      <password>Snap-Sh0t!2023</password> ⟦s:a⟧
    </server>
    <server>
      <id>github</id>
      <username>${env.GITHUB_ACTOR}</username>
      <password>${env.GITHUB_TOKEN}</password> ⟦n:a⟧
    </server>
  </servers>
</settings>
''')
F('a/home/.gradle/gradle.properties', 'https://docs.gradle.org/current/userguide/build_environment.html#sec:gradle_configuration_properties', '''org.gradle.jvmargs=-Xmx2g -Dfile.encoding=UTF-8
org.gradle.parallel=true
nexusUsername=deployer
nexusPassword={R:alnum:18} ⟦s:a⟧
signing.keyId=24875D73
signing.password=s1gning-Key-Pass ⟦s:a⟧
signing.secretKeyRingFile=/home/ci/.gnupg/secring.gpg
mavenCentralPassword= ⟦n:a⟧
''')
F('a/dotnet/NuGet.Config', 'https://learn.microsoft.com/en-us/nuget/reference/nuget-config-file#packagesourcecredentials', '''<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="internal" value="https://nuget.internal.example/v3/index.json" />
    <add key="azure" value="https://pkgs.dev.azure.com/contoso/_packaging/feed/nuget/v3/index.json" />
  </packageSources>
  <packageSourceCredentials>
    <internal>
      <add key="Username" value="builder" />
      <add key="ClearTextPassword" value="{R:alnum:22}" /> ⟦s:a⟧
    </internal>
    <azure>
      <add key="Username" value="az" />
      <add key="ClearTextPassword" value="%AZURE_ARTIFACTS_PAT%" /> ⟦n:a⟧
    </azure>
  </packageSourceCredentials>
</configuration>
''')
F('a/php/auth.json', 'https://getcomposer.org/doc/articles/authentication-for-private-packages.md', '''{
    "http-basic": {
        "repo.packagist.example.com": {
            "username": "acme-ci",
            "password": "{R:alnum:32}" ⟦s:a⟧
        }
    },
    "bearer": {
        "satis.internal.example": "{R:alnum:40}" ⟦s:a⟧
    }
}
''')
F('a/home/.gem/credentials', 'https://guides.rubygems.org/api-key-scopes/ (rubygems_ followed by 48 hex characters)', '''---
:rubygems_api_key: rubygems_{R:hex:48} ⟦s:a⟧
''')
F('a/home/.terraform.d/credentials.tfrc.json', 'https://developer.hashicorp.com/terraform/cli/config/config-file#credentials-1', '''{
  "credentials": {
    "app.terraform.io": {
      "token": "{R:alnum:14}.atlasv1.{R:alnum:67}" ⟦s:a⟧
    }
  }
}
''')
F('a/home/.vault-token', 'https://developer.hashicorp.com/vault/docs/concepts/tokens#token-prefixes', 'hvs.{R:url:91} ⟦s:a⟧\n')
F('a/openvpn/auth.txt', 'https://openvpn.net/community-resources/reference-manual-for-openvpn-2-6/ (--auth-user-pass file: username on line 1, password on line 2)', '''vpnuser42
Vpn!{R:alnum:12} ⟦s:a⟧
''')
F('a/openvpn/client.ovpn', 'https://openvpn.net/community-resources/reference-manual-for-openvpn-2-6/', '''client
dev tun
proto udp
remote vpn.example.org 1194
auth-user-pass auth.txt
cipher AES-256-GCM
''')
F('a/etc/wpa_supplicant/wpa_supplicant.conf', 'https://w1.fi/cgit/hostap/plain/wpa_supplicant/wpa_supplicant.conf', '''ctrl_interface=DIR=/var/run/wpa_supplicant GROUP=netdev
update_config=1
country=DE

network={
	ssid="HomeNet-5G"
	psk="correct-horse-77" ⟦s:a⟧
	key_mgmt=WPA-PSK
}

network={
	ssid="Office"
	psk={R:hex:64} ⟦s:a⟧
}
''')
F('a/etc/apache2/.htpasswd', 'https://httpd.apache.org/docs/2.4/programs/htpasswd.html', '''admin:$apr1${R:crypt:8}${R:crypt:22} ⟦s:a⟧
editor:$2y$05${R:crypt:53} ⟦s:a⟧
''')
F('a/etc/vsftpd/virtual_users.txt', 'https://security.appspot.com/vsftpd/vsftpd_conf.html (virtual users file: name line, then password line, fed to db_load)', '''ftpclient1
Ftp-Cl1ent-{R:alnum:6} ⟦s:a⟧
''')
F('a/etc/shadow', 'https://man7.org/linux/man-pages/man5/shadow.5.html', '''root:$6${R:crypt:16}${R:crypt:86}:19742:0:99999:7::: ⟦s:a⟧
daemon:*:19742:0:99999:7::: ⟦n:a⟧
nobody:!:19742:0:99999:7::: ⟦n:a⟧
deploy:$y$j9T${R:crypt:22}${R:crypt:43}:19800:0:99999:7::: ⟦s:a⟧
sshd:!*:19742:::::: ⟦n:a⟧
''')
F('a/db/dump.sql', RC + ' (hash formats: https://www.php.net/manual/en/function.password-hash.php, https://dev.mysql.com/doc/refman/5.7/en/password-hashing.html, https://www.postgresql.org/docs/current/catalog-pg-authid.html)', '''-- MySQL dump 10.13  Distrib 8.0.36
DROP TABLE IF EXISTS `users`;
CREATE TABLE `users` (
  `id` int NOT NULL AUTO_INCREMENT,
  `email` varchar(255) NOT NULL,
  `password_hash` varchar(255) NOT NULL,
  `avatar_sha256` char(64) DEFAULT NULL,
  PRIMARY KEY (`id`)
);
INSERT INTO `users` VALUES (1,'admin@example.com','$2y$10${R:crypt:53}',NULL); ⟦s:a⟧
INSERT INTO `users` VALUES (2,'ops@example.com','$argon2id$v=19$m=65536,t=4,p=1${R:alnum:22}${R:alnum:43}',NULL); ⟦s:a⟧
INSERT INTO `users` VALUES (3,'legacy@example.com','$6$rounds=5000${R:crypt:16}${R:crypt:86}',NULL); ⟦s:a⟧
INSERT INTO `users` VALUES (4,'guest@example.com','','{R:hex:64}'); ⟦n:a⟧
CREATE USER 'report'@'%' IDENTIFIED WITH mysql_native_password AS '*{R:HEX:40}'; ⟦s:a⟧
''')
F('a/db/roles.sql', RC + ' (pg_dumpall --roles-only output shape; https://www.postgresql.org/docs/current/sql-createrole.html)', '''--
-- Roles
--
CREATE ROLE app;
ALTER ROLE app WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB LOGIN NOREPLICATION NOBYPASSRLS PASSWORD 'SCRAM-SHA-256$4096:{R:b64:22}==${R:b64:43}=:{R:b64:43}='; ⟦s:a⟧
CREATE ROLE legacy;
ALTER ROLE legacy WITH LOGIN PASSWORD 'md5{R:hex:32}'; ⟦s:a⟧
CREATE ROLE readonly;
ALTER ROLE readonly WITH LOGIN PASSWORD NULL; ⟦n:a⟧
''')

# ---------------- class b: framework secrets ----------------
F('b/rails/config/master.key', 'https://guides.rubyonrails.org/security.html#custom-credentials', '{R:hex:32} ⟦s:b⟧\n')
F('b/rails/config/secrets.yml', 'https://guides.rubyonrails.org/v5.1/security.html#custom-secrets', '''development:
  secret_key_base: {R:hex:128} ⟦s:b⟧

test:
  secret_key_base: {R:hex:128} ⟦s:b⟧

production:
  secret_key_base: <%= ENV["SECRET_KEY_BASE"] %> ⟦n:b⟧
''')
F('b/django/mysite/settings.py', 'https://docs.djangoproject.com/en/5.0/ref/settings/#secret-key', '''from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# SECURITY WARNING: keep the secret key used in production secret!
SECRET_KEY = "django-insecure-{R:dj:50}" ⟦s:b⟧

DEBUG = True
ALLOWED_HOSTS = []
''')
F('b/django/shop/settings/prod.py', 'https://docs.djangoproject.com/en/5.0/howto/deployment/checklist/#secret-key', '''import os
from .base import *  # noqa

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"] ⟦n:b⟧
DEBUG = False
''')
F('b/django/blog/settings.py', RC, '''import os

SECRET_KEY = 'q@9#(x=t$k+2m!v7&zr)w-pf^c0yh%s3b8n*e4_l1ud6oj5ga' ⟦s:b⟧
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "blog",
        "USER": "blog",
        "PASSWORD": "bl0g-Db-pass", ⟦s:c⟧
        "HOST": "localhost",
    }
}
''')
F('b/django/legacy/settings.py', RC, '''SECRET_KEY = os.environ.get("SECRET_KEY", "dev") ⟦n:b⟧
SECRET_KEY = '<your-secret-key>' ⟦n:b⟧
''')
F('b/wordpress/wp-config.php', 'https://developer.wordpress.org/apis/wp-config-php/ and https://api.wordpress.org/secret-key/1.1/salt/ (format of the salts)', '''<?php
/** The name of the database for WordPress */
define( 'DB_NAME', 'wp_blog' );

/** Database username */
define( 'DB_USER', 'wp_blog' );

/** Database password */
define( 'DB_PASSWORD', 'wP{R:alnum:14}' ); ⟦s:b⟧

define( 'DB_HOST', 'localhost' );
define( 'DB_CHARSET', 'utf8mb4' );

define('AUTH_KEY',         '{SALT}'); ⟦s:b⟧
define('SECURE_AUTH_KEY',  '{SALT}'); ⟦s:b⟧
define('LOGGED_IN_KEY',    '{SALT}'); ⟦s:b⟧
define('NONCE_KEY',        '{SALT}'); ⟦s:b⟧
define('AUTH_SALT',        '{SALT}'); ⟦s:b⟧
define('SECURE_AUTH_SALT', '{SALT}'); ⟦s:b⟧
define('LOGGED_IN_SALT',   '{SALT}'); ⟦s:b⟧
define('NONCE_SALT',       '{SALT}'); ⟦s:b⟧

$table_prefix = 'wp_';
define( 'WP_DEBUG', false );
''')
F('b/wordpress/wp-config-sample.php', 'https://developer.wordpress.org/apis/wp-config-php/', '''<?php
define( 'DB_NAME', 'database_name_here' );
define( 'DB_USER', 'username_here' );
define( 'DB_PASSWORD', 'password_here' ); ⟦n:b⟧
define( 'DB_HOST', 'localhost' );
define( 'AUTH_KEY',         'put your unique phrase here' ); ⟦n:b⟧
define( 'SECURE_AUTH_KEY',  'put your unique phrase here' ); ⟦n:b⟧
define( 'NONCE_SALT',       'put your unique phrase here' ); ⟦n:b⟧
''')
F('b/laravel/.env', 'https://laravel.com/docs/11.x/configuration#environment-configuration and https://laravel.com/docs/11.x/encryption#configuration', '''APP_NAME=Shop
APP_ENV=production
APP_KEY=base64:''' + base64.b64encode(os.urandom(32)).decode() + ''' ⟦s:b⟧
APP_DEBUG=false
APP_URL=https://shop.example.com

DB_CONNECTION=mysql
DB_HOST=127.0.0.1
DB_PORT=3306
DB_DATABASE=shop
DB_USERNAME=shop
DB_PASSWORD=qwerty77 ⟦s:c⟧

MAIL_MAILER=smtp
MAIL_USERNAME=postmaster@mg.example.com
MAIL_PASSWORD={R:hex:32}-{R:hex:8}-{R:hex:8} ⟦s:c⟧
''')
F('b/laravel/.env.example', 'https://github.com/laravel/laravel/blob/11.x/.env.example (shape)', '''APP_NAME=Laravel
APP_KEY= ⟦n:b⟧
DB_CONNECTION=sqlite
DB_PASSWORD= ⟦n:c⟧
REDIS_PASSWORD=null ⟦n:c⟧
MAIL_PASSWORD=null ⟦n:c⟧
''')
F('b/flask/config.py', 'https://flask.palletsprojects.com/en/3.0.x/config/#SECRET_KEY', '''import os

class Config:
    SECRET_KEY = b'\\x8f{R:alnum:6}\\xe1\\x0c{R:alnum:8}\\x9a' ⟦s:b⟧
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")

class DevConfig(Config):
    SECRET_KEY = os.environ.get("SECRET_KEY") or "dev" ⟦n:b⟧
''')
F('b/flask/app.py', RC, '''from flask import Flask

app = Flask(__name__)
app.config['SECRET_KEY'] = '{R:hex:48}' ⟦s:b⟧
app.secret_key = "f1ask-{R:alnum:16}" ⟦s:b⟧
''')
F('b/php/config.inc.php', RC, '''<?php
$db_host = 'localhost';
$db_user = 'shop';
$db_pass = 'qwerty77'; ⟦s:b⟧
$db_name = 'shop';

$db_pass_ro = getenv('DB_PASS_RO'); ⟦n:b⟧
$mysqli = new mysqli($db_host, $db_user, $db_pass, $db_name);
''')
F('b/symfony/.env', 'https://symfony.com/doc/current/reference/configuration/framework.html#secret', '''APP_ENV=prod
APP_SECRET={R:hex:32} ⟦s:b⟧
DATABASE_URL="postgresql://app:Symf0ny-Db!@127.0.0.1:5432/app?serverVersion=16&charset=utf8" ⟦s:c⟧
''')
F('b/express/app.js', 'https://expressjs.com/en/resources/middleware/session.html', '''const session = require('express-session');

app.use(session({
  secret: '{R:alnum:32}', ⟦s:b⟧
  resave: false,
  saveUninitialized: true,
}));

app.use(session({ secret: process.env.SESSION_SECRET, resave: false })); ⟦n:b⟧
''')
F('b/rails/config/initializers/devise.rb', 'https://github.com/heartcombo/devise#configuring-models (secret_key option)', '''Devise.setup do |config|
  config.secret_key = '{R:hex:128}' ⟦s:b⟧
  config.mailer_sender = 'no-reply@example.com'
end
''')
F('b/spring/application.properties', 'https://docs.spring.io/spring-boot/appendix/application-properties/index.html', '''server.port=8080
jwt.secret={R:alnum:64} ⟦s:b⟧
spring.security.oauth2.client.registration.github.client-secret={R:hex:40} ⟦s:b⟧
spring.datasource.url=jdbc:postgresql://db:5432/app
spring.datasource.username=app
spring.datasource.password=Spr1ng-{R:alnum:8} ⟦s:c⟧
spring.mail.password=${MAIL_PASSWORD} ⟦n:c⟧
''')

# ---------------- class c: passwords and connection strings in context ----------------
F('c/python/app.py', RC, '''import os
import getpass
import psycopg2
import requests

password = "Summer2024!" ⟦s:c⟧
ADMIN_PASSWORD = 'Adm1n-{R:alnum:8}' ⟦s:c⟧

def fetch_report():
    return requests.get("https://reports.internal.example/api/v1/daily",
                        auth=("reporter", "Winter#2023")) ⟦s:c⟧

def connect():
    return psycopg2.connect(host="db", dbname="app", user="app", password="pg-{R:alnum:12}") ⟦s:c⟧

def connect_from_env():
    return psycopg2.connect(password=os.environ["DB_PASSWORD"]) ⟦n:c⟧

def ask():
    password = getpass.getpass() ⟦n:c⟧
    db_password = os.getenv("DB_PASSWORD", "") ⟦n:c⟧
    return password

password = None ⟦n:c⟧
password = "" ⟦n:c⟧
''')
F('c/python/mailer.py', RC, '''import smtplib

with smtplib.SMTP_SSL("smtp.example.com", 465) as server:
    server.login("alerts@example.com", "m4il-{R:alnum:10}") ⟦s:c⟧
    server.sendmail("alerts@example.com", ["ops@example.com"], "disk full")

def login(server, user, password):
    server.login(user, password) ⟦n:c⟧
''')
F('c/python/test_login.py', RC + ' (a test file: may be reported at lower confidence, never hidden)', '''def test_login(client):
    password = "TestPass123!" ⟦s:c⟧
    resp = client.post("/login", data={"user": "alice", "password": password})
    assert resp.status_code == 200
''')
F('c/java/Config.java', RC, '''package com.example.billing;

import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.sql.Connection;
import java.sql.DriverManager;

public final class Config {
    private static final String DB_PASSWORD = "p4ssw0rd!"; ⟦s:c⟧
    private static final String JDBC_URL = "jdbc:postgresql://db:5432/billing?user=billing&password=Bill{R:alnum:10}"; ⟦s:c⟧

    static Connection open() throws Exception {
        return DriverManager.getConnection("jdbc:mysql://mysql:3306/billing", "sa", "Tr1ckyPa55"); ⟦s:c⟧
    }

    static void proxyAuth() {
        Authenticator.setDefault(new Authenticator() {
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication("proxyuser", "Pr0xy!pass".toCharArray()); ⟦s:c⟧
            }
        });
    }

    static String fromEnv() {
        String password = System.getenv("DB_PASSWORD"); ⟦n:c⟧
        if (password == null || password.isEmpty()) { ⟦n:c⟧
            throw new IllegalStateException("DB_PASSWORD not set");
        }
        return password;
    }
}
''')
F('c/dotnet/Program.cs', RC, '''using System.Data.SqlClient;
using System.Net;
using System.Net.Mail;

var smtp = new SmtpClient("smtp.example.com", 587)
{
    Credentials = new NetworkCredential("noreply@example.com", "N0tS0Secret!"), ⟦s:c⟧
    EnableSsl = true,
};
var conn = new SqlConnection("Server=tcp:sql01.example.net,1433;Database=Orders;User Id=sa;Password=Pa$$w0rd2019;"); ⟦s:c⟧
var odbc = "Driver={ODBC Driver 18 for SQL Server};Server=sql02;Database=Hr;Uid=hr_reader;Pwd=Hr{R:alnum:10};"; ⟦s:c⟧
var trusted = "Server=sql03;Database=Audit;Integrated Security=SSPI;"; ⟦n:c⟧
var creds = new NetworkCredential(user, Environment.GetEnvironmentVariable("SMTP_PASSWORD")); ⟦n:c⟧
''')
F('c/dotnet/appsettings.json', 'https://learn.microsoft.com/en-us/ef/core/miscellaneous/connection-strings', '''{
  "ConnectionStrings": {
    "Default": "Server=sql01;Database=Shop;User Id=shop;Password=Sh0p{R:alnum:10};TrustServerCertificate=True" ⟦s:c⟧
  },
  "Smtp": {
    "Host": "smtp.example.com",
    "Password": "" ⟦n:c⟧
  },
  "Logging": { "LogLevel": { "Default": "Information" } }
}
''')
F('c/dotnet/Web.config', 'https://learn.microsoft.com/en-us/dotnet/framework/configure-apps/file-schema/appsettings/add-element-for-appsettings', '''<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <appSettings>
    <add key="SmtpUser" value="mailer" />
    <add key="SmtpPassword" value="Sm7p!{R:alnum:8}" /> ⟦s:c⟧
    <add key="PasswordMinLength" value="12" /> ⟦n:c⟧
  </appSettings>
  <connectionStrings>
    <add name="Main" connectionString="Data Source=sql01;Initial Catalog=Main;User ID=web;Password=W3b{R:alnum:9};" providerName="System.Data.SqlClient" /> ⟦s:c⟧
  </connectionStrings>
</configuration>
''')
F('c/spring/application.yml', 'https://docs.spring.io/spring-boot/reference/data/sql.html#data.sql.datasource', '''spring:
  datasource:
    url: jdbc:mysql://mysql:3306/inventory
    username: inventory
    password: Inv3ntory-{R:alnum:6} ⟦s:c⟧
  rabbitmq:
    host: rabbit
    password: ${RABBIT_PASSWORD} ⟦n:c⟧
  mail:
    password: weakpass1 ⟦s:c⟧
''')
F('c/config/config.ini', RC, '''[database]
host = db.internal
user = etl
password = {R:alnum:16} ⟦s:c⟧

[ftp]
host = ftp.partner.example
password = changeme ⟦n:c⟧

[smtp]
password = <password> ⟦n:c⟧
''')
F('c/config/settings.toml', RC, '''[server]
port = 8443

[database]
url = "postgres://localhost/app"
password = "t0ml-{R:alnum:10}" ⟦s:c⟧

[cache]
password = "your_password" ⟦n:c⟧
''')
F('c/config/app.properties', RC, '''db.user=reporting
db.password=rep0rting2022 ⟦s:c⟧
ldap.bind.password=Ld4p{R:alnum:8} ⟦s:c⟧
admin.password=xxxx ⟦n:c⟧
''')
F('c/docker/docker-compose.yml', 'https://hub.docker.com/_/postgres (POSTGRES_PASSWORD) and https://hub.docker.com/_/mysql', '''services:
  db:
    image: postgres:16
    environment:
      POSTGRES_USER: app
      POSTGRES_PASSWORD: c0mpose-{R:alnum:10} ⟦s:c⟧
  mysql:
    image: mysql:8
    environment:
      - MYSQL_ROOT_PASSWORD=r00t-My5ql ⟦s:c⟧
  cache:
    image: redis:7
    command: redis-server --requirepass "R3dis{R:alnum:10}" ⟦s:c⟧
  worker:
    environment:
      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD} ⟦n:c⟧
      POSTGRES_HOST_AUTH_METHOD: trust
''')
F('c/gradle/build.gradle', 'https://docs.gradle.org/current/userguide/publishing_maven.html#publishing_maven:repositories', '''plugins { id 'maven-publish' }

publishing {
    repositories {
        maven {
            url = "https://nexus.example.com/repository/releases/"
            credentials {
                username 'deployer'
                password 'Gr4dle!Pw' ⟦s:c⟧
            }
        }
        maven {
            url = "https://nexus.example.com/repository/snapshots/"
            credentials {
                username = "deployer"
                password = project.findProperty("repoPassword") ⟦n:c⟧
            }
        }
    }
}
''')
F('c/gradle/build.gradle.kts', 'https://docs.gradle.org/current/userguide/declaring_repositories.html', '''repositories {
    maven {
        url = uri("https://artifacts.example.com/libs-release")
        credentials {
            username = "reader"
            password = "k0tlin-{R:alnum:8}" ⟦s:c⟧
        }
    }
}
''')
F('c/maven/pom.xml', 'https://documentation.red-gate.com/flyway/flyway-cli-and-api/usage/maven-goal', '''<project>
  <build>
    <plugins>
      <plugin>
        <groupId>org.flywaydb</groupId>
        <artifactId>flyway-maven-plugin</artifactId>
        <configuration>
          <url>jdbc:postgresql://localhost:5432/app</url>
          <user>flyway</user>
          <password>Fly{R:alnum:10}</password> ⟦s:c⟧
        </configuration>
      </plugin>
    </plugins>
  </build>
</project>
''')
F('c/urls/services.env', 'https://www.mongodb.com/docs/manual/reference/connection-string/ and https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING-URIS', '''MONGO_URL=mongodb+srv://admin:Sup3r@Secret@cluster0.ab1cd.mongodb.net/test?retryWrites=true ⟦s:c⟧
MONGO_URL_ENCODED=mongodb://svc:Mg%40{R:alnum:10}@mongo-0.mongo:27017/app?authSource=admin ⟦s:c⟧
PG_URL=postgres://app:{R:alnum:16}@pg.internal:5432/app ⟦s:c⟧
REDIS_URL=redis://:r3d1s{R:alnum:8}@redis.internal:6379/0 ⟦s:c⟧
AMQP_URL=amqp://orders:{R:alnum:14}@rabbit.internal:5672/orders ⟦s:c⟧
SMTP_URL=smtp://mailer:Ma1l3r!x@smtp.example.com:587 ⟦s:c⟧
FTP_URL=ftp://uploader:upl0ad3r@ftp.example.com/incoming ⟦s:c⟧
MYSQL_URL=mysql://root:{R:alnum:12}@127.0.0.1:3306/app ⟦s:c⟧
PG_FROM_ENV=postgres://app:${PGPASSWORD}@pg.internal:5432/app ⟦n:c⟧
LOCAL_PG=postgres://user:password@localhost:5432/dev ⟦n:c⟧
LOCAL_RABBIT=amqp://guest:guest@localhost:5672/ ⟦n:c⟧
NO_PASS=mysql://root@localhost/app ⟦n:c⟧
''')
F('c/go/main.go', 'https://github.com/go-sql-driver/mysql#dsn-data-source-name and https://pkg.go.dev/net/smtp#PlainAuth', '''package main

import (
	"database/sql"
	"net/smtp"
	"os"
)

func main() {
	db, _ := sql.Open("mysql", "app:G0lang-Pw@tcp(127.0.0.1:3306)/app?parseTime=true") ⟦s:c⟧
	defer db.Close()
	auth := smtp.PlainAuth("", "alerts@example.com", "sm7p-{R:alnum:10}", "smtp.example.com") ⟦s:c⟧
	_ = auth
	envAuth := smtp.PlainAuth("", "alerts@example.com", os.Getenv("SMTP_PASSWORD"), "smtp.example.com") ⟦n:c⟧
	_ = envAuth
}
''')
F('c/go/config.go', RC, '''package config

const (
	dbUser     = "orders"
	dbPassword = "0rders!{R:alnum:6}" ⟦s:c⟧
)

var DefaultPassword = "" ⟦n:c⟧
''')
F('c/shell/deploy.sh', RC + ' (sshpass(1), mysql(1) -p, curl(1) -u)', '''#!/usr/bin/env bash
set -euo pipefail

sshpass -p 'R00tPass!' ssh -o StrictHostKeyChecking=no root@10.0.0.12 'systemctl restart app' ⟦s:c⟧
mysql -uroot -pS3cretPw appdb < migrations/001.sql ⟦s:c⟧
curl -fsS -u admin:Adm1nPw! https://jenkins.internal.example/job/deploy/build ⟦s:c⟧
export PGPASSWORD=pgP{R:alnum:10} ⟦s:c⟧
psql -h db -U app -c 'select 1'

mysql -u root -p"$MYSQL_PWD" appdb < migrations/002.sql ⟦n:c⟧
curl -fsS -u "$JENKINS_USER:$JENKINS_TOKEN" https://jenkins.internal.example/ ⟦n:c⟧
sshpass -p "$SSHPASS" ssh deploy@10.0.0.13 uptime ⟦n:c⟧
''')
F('c/powershell/setup.ps1', 'https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.security/convertto-securestring', '''$user = "CORP\\svc-backup"
$secure = ConvertTo-SecureString "P@ssw0rd123" -AsPlainText -Force ⟦s:c⟧
$cred = New-Object System.Management.Automation.PSCredential($user, $secure)
$envSecure = ConvertTo-SecureString $env:ADMIN_PW -AsPlainText -Force ⟦n:c⟧
$prompt = Read-Host -AsSecureString "Password"
''')
F('c/http/requests.http', 'https://datatracker.ietf.org/doc/html/rfc7617 (Basic) and https://datatracker.ietf.org/doc/html/rfc6750 (Bearer)', '''### Basic auth
GET https://api.internal.example/v1/orders
Authorization: Basic ''' + b64('ops:' + R('alnum', 14)) + ''' ⟦s:c⟧

### Bearer
GET https://api.internal.example/v1/customers
Authorization: Bearer {R:alnum:40} ⟦s:c⟧

### DRF token
GET https://api.internal.example/v1/me
Authorization: Token {R:hex:40} ⟦s:c⟧

### Templates
GET https://api.internal.example/v1/me
Authorization: Bearer <token> ⟦n:c⟧
Authorization: Bearer {{authToken}} ⟦n:c⟧
''')
F('c/shell/api.sh', RC, '''curl -H "Authorization: Bearer {R:alnum:36}" https://api.example.org/v2/jobs ⟦s:c⟧
curl -H "Authorization: Bearer $API_TOKEN" https://api.example.org/v2/jobs ⟦n:c⟧
curl -H "Authorization: Basic ${CREDS}" https://api.example.org/v2/jobs ⟦n:c⟧
''')
F('c/js/client.js', RC, '''const axios = require('axios');

const password = 'hunter2'; ⟦s:c⟧

async function report() {
  return axios.get('https://reports.example.com/daily', {
    auth: { username: 'reporter', password: 'Fall2023$' }, ⟦s:c⟧
  });
}

function headers(token) {
  return { Authorization: 'Bearer ' + token }; ⟦n:c⟧
}

const dbPassword = process.env.DB_PASSWORD; ⟦n:c⟧
''')
F('c/js/db.ts', RC, '''import { Pool } from "pg";

export const pool = new Pool({
  host: "pg.internal",
  user: "api",
  password: "ts-Pool-{R:alnum:8}", ⟦s:c⟧
  database: "api",
});
''')
F('c/php/db.php', RC, '''<?php
define('DB_PASSWORD', 'hunter2'); ⟦s:c⟧
$pdo = new PDO('mysql:host=localhost;dbname=shop', 'root', 'pd0Pass'); ⟦s:c⟧
$pdo2 = new PDO($dsn, $user, getenv('DB_PASS')); ⟦n:c⟧
''')
F('c/ruby/db.rb', RC, '''ActiveRecord::Base.establish_connection(
  adapter:  "postgresql",
  host:     "pg.internal",
  username: "reports",
  password: "Rails-Pg-9" ⟦s:c⟧
)
smtp_password = ENV.fetch("SMTP_PASSWORD") ⟦n:c⟧
''')
F('c/helm/values.yaml', RC + ' (Bitnami-chart style values)', '''auth:
  username: app
  password: "h3lm-{R:alnum:10}" ⟦s:c⟧
  database: app
  existingSecret: ""
redis:
  auth:
    password: "" ⟦n:c⟧
''')
F('c/ansible/group_vars/all.yml', 'https://docs.ansible.com/ansible/latest/inventory_guide/intro_inventory.html#connecting-to-hosts-behavioral-inventory-parameters', '''ansible_user: deploy
ansible_become_password: B3come!root ⟦s:c⟧
ansible_password: "{{ vault_ansible_password }}" ⟦n:c⟧
''')
F('c/terraform/main.tf', 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance', '''resource "aws_db_instance" "main" {
  identifier        = "main"
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  username          = "dbadmin"
  password          = "TfDbPassw0rd!" ⟦s:c⟧
}

resource "aws_db_instance" "replica" {
  identifier = "replica"
  password   = var.db_password ⟦n:c⟧
}
''')
F('c/env/.env', RC, '''NODE_ENV=production
DB_PASSWORD=pr0d-{R:alnum:10} ⟦s:c⟧
SMTP_PASSWORD=Summer2023 ⟦s:c⟧
REDIS_PASSWORD= ⟦n:c⟧
ADMIN_PASSWORD=changeme ⟦n:c⟧
SESSION_TIMEOUT=3600
''')
F('c/k8s/deployment.yaml', 'https://kubernetes.io/docs/tasks/inject-data-application/define-environment-variable-container/', '''apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          image: registry.example.com/api:1.4.2
          env:
            - name: DB_PASSWORD
              value: "k8s-{R:alnum:12}" ⟦s:c⟧
            - name: REDIS_PASSWORD
              valueFrom:
                secretKeyRef: { name: redis, key: password }
''')
F('c/k8s/secret.yaml', 'https://kubernetes.io/docs/concepts/configuration/secret/#basic-authentication-secret', '''apiVersion: v1
kind: Secret
metadata:
  name: basic-auth
type: kubernetes.io/basic-auth
stringData:
  username: admin
  password: t0p-{R:alnum:8} ⟦s:c⟧
''')
F('c/rust/main.rs', RC, '''use std::env;

const ADMIN_PASS: &str = "ru5t-{R:alnum:10}"; ⟦s:c⟧

fn main() {
    let password = env::var("APP_PASSWORD").unwrap_or_default(); ⟦n:c⟧
    let url = format!("postgres://app:{}@localhost/app", password); ⟦n:c⟧
    println!("{}", url.len());
}
''')
F('c/xml/context.xml', 'https://tomcat.apache.org/tomcat-10.1-doc/jndi-datasource-examples-howto.html', '''<Context>
  <Resource name="jdbc/AppDB" auth="Container" type="javax.sql.DataSource"
            username="app" password="t0mcat-{R:alnum:6}" driverClassName="com.mysql.cj.jdbc.Driver" ⟦s:c⟧
            url="jdbc:mysql://localhost:3306/app"/>
</Context>
''')
F('c/docs/README.md', RC + ' (documentation with placeholders)', '''## Configuration

Set the database password in `.env`:

```
DB_PASSWORD=<your-db-password> ⟦n:c⟧
```

Or pass it on the command line: `mysql -u root -p` ⟦n:c⟧ and type it when asked.

Connect with `psql postgres://USER:PASSWORD@HOST/DB`. ⟦n:c⟧
''')
F('c/python/hashes.py', RC + ' (hashes and ids that are not credentials)', '''GIT_SHA = "{R:hex:40}" ⟦n:c⟧
FILE_SHA256 = "{R:hex:64}" ⟦n:c⟧
REQUEST_ID = "{R:hex:8}-{R:hex:4}-4{R:hex:3}-a{R:hex:3}-{R:hex:12}" ⟦n:c⟧
password_hint = "Must be at least 12 characters" ⟦n:c⟧
password_field = "password" ⟦n:c⟧
PASSWORD_RESET_URL = "/accounts/password/reset/" ⟦n:c⟧
''')

# ---------------- class d: private keys ----------------
def pem_lines(n): return key(n)
F('d/ssh/id_ed25519', 'ssh-keygen(1) output, generated for this corpus', pem_lines('id_ed25519').replace('\n', ' ⟦s:d⟧\n', 1) + '\n')
F('d/ssh/id_ed25519.pub', 'ssh-keygen(1) output', key('id_ed25519.pub') + ' ⟦n:d⟧\n')
F('d/ssh/id_rsa', 'ssh-keygen(1) output', key('id_rsa').replace('\n', ' ⟦s:d⟧\n', 1) + '\n')
F('d/tls/server.key', 'openssl genrsa style PKCS#1 key', key('rsa_pem').replace('\n', ' ⟦s:d⟧\n', 1) + '\n')
F('d/tls/pkcs8.pem', 'openssl genpkey PKCS#8 key', key('pkcs8.pem').replace('\n', ' ⟦s:d⟧\n', 1) + '\n')
F('d/tls/ec.pem', 'openssl ecparam -genkey', key('ec.pem').replace('\n', ' ⟦s:d⟧\n', 1) + '\n')
F('d/tls/ed25519.pem', 'openssl genpkey -algorithm ED25519', key('ed.pem').replace('\n', ' ⟦s:d⟧\n', 1) + '\n')
F('d/tls/encrypted.pem', 'openssl genpkey -aes-256-cbc (encrypted PKCS#8: lower confidence, still reported)', key('enc.pem').replace('\n', ' ⟦s:d⟧\n', 1) + '\n')
F('d/tls/cert.pem', 'openssl req -x509 (a certificate: public)', key('cert.pem').replace('\n', ' ⟦n:d⟧\n', 1) + '\n')
jl = key('java.pem').split('\n')
F('d/java/KeyHolder.java', RC + ' (PEM split across string literals)', '''package com.example.crypto;

final class KeyHolder {
    static final String PRIVATE_KEY =
''' + ''.join('        "%s\\n"%s\n' % (l, ' +' if i < len(jl)-1 else ';') for i, l in enumerate(jl)).replace('\n', ' ⟦s:d⟧\n', 1) + '''}
''')
F('d/gcp/service-account.json', 'https://cloud.google.com/iam/docs/keys-create-delete (service account key file)', json.dumps({
    "type": "service_account", "project_id": "billing-prod-4821", "private_key_id": R('hex', 40),
    "private_key": key('sa.pem') + '\n', "client_email": "billing@billing-prod-4821.iam.gserviceaccount.com",
    "client_id": "1" + R('hex', 20).translate(str.maketrans('abcdef', '123456')), "token_uri": "https://oauth2.googleapis.com/token"}, indent=2).replace('"private_key":', '"private_key":', 1).replace('-----BEGIN PRIVATE KEY-----', '-----BEGIN PRIVATE KEY-----', 1) + '\n')
F('d/k8s/tls-secret.yaml', 'https://kubernetes.io/docs/concepts/configuration/secret/#tls-secrets', '''apiVersion: v1
kind: Secret
metadata:
  name: web-tls
type: kubernetes.io/tls
data:
  tls.crt: ''' + base64.b64encode((key('cert.pem')+'\n').encode()).decode() + '''
  tls.key: ''' + base64.b64encode((key('tls.pem')+'\n').encode()).decode() + ''' ⟦s:d⟧
''')
ecd = base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip('=')
F('d/jwk/signing-key.json', 'https://datatracker.ietf.org/doc/html/rfc7517#appendix-A.2 (private JWK has d)', json.dumps({"keys": [{"kty": "EC", "crv": "P-256", "kid": "sig-2024-01", "use": "sig",
    "x": b64u(os.urandom(32)), "y": b64u(os.urandom(32)), "d": b64u(os.urandom(32))}]}, indent=2).replace('"d": ', '"d": ', 1) + '\n')
F('d/jwk/public.json', 'https://datatracker.ietf.org/doc/html/rfc7517#appendix-A.1 (public JWK: no d)', json.dumps({"keys": [{"kty": "EC", "crv": "P-256", "kid": "sig-2024-01", "use": "sig",
    "x": b64u(os.urandom(32)), "y": b64u(os.urandom(32))}]}, indent=2) + '\n')
F('d/pgp/release-signing.asc', 'gpg --export-secret-keys --armor output', key('pgp.asc').replace('\n', ' ⟦s:d⟧\n', 1) + '\n')
F('d/pgp/release-signing.pub.asc', 'gpg --export --armor output (public)', key('pgp-pub.asc').replace('\n', ' ⟦n:d⟧\n', 1) + '\n')
def b64lines(nbytes):
    s = base64.b64encode(os.urandom(nbytes)).decode()
    return [s[i:i+64] for i in range(0, len(s), 64)]
pub = b64lines(279); prv = b64lines(1200)
F('d/putty/server.ppk', 'https://the.earth.li/~sgtatham/putty/0.80/htmldoc/AppendixC.html (PPK v3 format)', 'PuTTY-User-Key-File-3: ssh-rsa ⟦s:d⟧\nEncryption: none\nComment: rsa-key-20240118\nPublic-Lines: %d\n%s\nPrivate-Lines: %d\n%s\nPrivate-MAC: %s\n' % (len(pub), '\n'.join(pub), len(prv), '\n'.join(prv), R('hex', 64)))
prv2 = b64lines(1216)
F('d/putty/encrypted.ppk', 'https://the.earth.li/~sgtatham/putty/0.80/htmldoc/AppendixC.html (PPK v3, passphrase-protected)', 'PuTTY-User-Key-File-3: ssh-rsa ⟦s:d⟧\nEncryption: aes256-cbc\nComment: rsa-key-20240118\nPublic-Lines: %d\n%s\nKey-Derivation: Argon2id\nArgon2-Memory: 8192\nArgon2-Passes: 13\nArgon2-Parallelism: 1\nArgon2-Salt: %s\nPrivate-Lines: %d\n%s\nPrivate-MAC: %s\n' % (len(pub), '\n'.join(pub), R('hex', 32), len(prv2), '\n'.join(prv2), R('hex', 64)))
F('d/ansible/roles/web/vars/main.yml', RC + ' (key as a YAML block scalar)', '''nginx_server_name: www.example.com
nginx_tls_key: |
''' + '\n'.join('  ' + l for l in key('ec2.pem').split('\n')).replace('\n', ' ⟦s:d⟧\n', 1) + '''
nginx_tls_cert_path: /etc/ssl/certs/www.pem
''')
F('d/terraform/terraform.tfstate', 'https://registry.terraform.io/providers/hashicorp/tls/latest/docs/resources/private_key (state stores private_key_pem)', json.dumps({"version": 4, "terraform_version": "1.7.4", "resources": [{"mode": "managed", "type": "tls_private_key", "name": "deploy",
    "instances": [{"attributes": {"algorithm": "RSA", "rsa_bits": 2048, "private_key_pem": key('tf.pem') + '\n', "public_key_openssh": key('id_rsa.pub') + '\n'}}]}]}, indent=2) + '\n')
F('d/docs/SETUP.md', RC + ' (documentation showing the shape of a key, not a key)', '''Put your key in `~/.ssh/id_rsa`; it starts like this:

```
-----BEGIN OPENSSH PRIVATE KEY----- ⟦n:d⟧
...
-----END OPENSSH PRIVATE KEY-----
```
''')
F('d/python/sign.py', RC, '''PRIVATE_KEY = """''' + key('pkcs8.pem').replace('\n', ' ⟦s:d⟧\n', 1).replace('BEGIN PRIVATE KEY----- ⟦s:d⟧', 'BEGIN PRIVATE KEY----- ⟦s:d⟧') + '''"""
''')

# ---------------- class e: public or harmless by design ----------------
AZ = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
F('e/azurite/local.settings.json', 'https://learn.microsoft.com/en-us/azure/storage/common/storage-use-azurite#http-connection-strings (well-known emulator key)', '''{
  "IsEncrypted": false,
  "Values": {
    "AzureWebJobsStorage": "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=''' + AZ + ''';BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;", ⟦l:e⟧
    "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated"
  }
}
''')
F('e/azurite/appsettings.Development.json', 'https://learn.microsoft.com/en-us/azure/storage/common/storage-use-azurite', '''{
  "Storage": {
    "AccountName": "devstoreaccount1",
    "AccountKey": "''' + AZ + '''" ⟦l:e⟧
  }
}
''')
F('e/localstack/.aws/credentials', 'https://docs.localstack.cloud/references/credentials/', '''[localstack]
aws_access_key_id = test ⟦l:e⟧
aws_secret_access_key = test ⟦l:e⟧
region = us-east-1
''')
F('e/localstack/docker-compose.yml', 'https://docs.localstack.cloud/getting-started/installation/#docker-compose', '''services:
  app:
    environment:
      AWS_ACCESS_KEY_ID: test ⟦l:e⟧
      AWS_SECRET_ACCESS_KEY: test ⟦l:e⟧
      AWS_ENDPOINT_URL: http://localstack:4566
''')
F('e/stripe/.env.test', 'https://docs.stripe.com/keys#test-live-modes (sk_test_ keys are test mode)', '''STRIPE_PUBLISHABLE_KEY=pk_test_{R:alnum:99} ⟦l:e⟧
STRIPE_SECRET_KEY=sk_test_{R:alnum:99} ⟦l:e⟧
''')
F('e/stripe/payments.py', RC, '''import stripe
stripe.api_key = "sk_test_{R:alnum:24}" ⟦l:e⟧
''')
def jwt(payload):
    h = b64u(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(',', ':')).encode())
    p = b64u(json.dumps(payload, separators=(',', ':')).encode())
    return h + '.' + p + '.' + b64u(os.urandom(32))
ref = R('lower', 20)
F('e/supabase/.env.local', 'https://supabase.com/docs/guides/api/api-keys (the anon key is safe in a browser with RLS)', '''NEXT_PUBLIC_SUPABASE_URL=https://''' + ref + '''.supabase.co
NEXT_PUBLIC_SUPABASE_ANON_KEY=''' + jwt({"iss": "supabase", "ref": ref, "role": "anon", "iat": 1712000000, "exp": 2027576000}) + ''' ⟦l:e⟧
''')
F('e/supabase/client.ts', 'https://supabase.com/docs/reference/javascript/initializing', '''import { createClient } from '@supabase/supabase-js'

const supabaseKey = "''' + jwt({"iss": "supabase", "ref": ref, "role": "anon", "iat": 1712000000, "exp": 2027576000}) + '''" ⟦l:e⟧
export const supabase = createClient("https://''' + ref + '''.supabase.co", supabaseKey)
''')
def sealed(): return base64.b64encode(b'\x02\x00' + os.urandom(600)).decode()
F('e/k8s/sealed-secret.yaml', 'https://github.com/bitnami-labs/sealed-secrets#overview', '''apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  name: db-credentials
  namespace: prod
spec:
  encryptedData:
    password: ''' + sealed() + ''' ⟦l:e⟧
    username: ''' + sealed() + ''' ⟦l:e⟧
  template:
    metadata:
      name: db-credentials
''')
def sops(v): return 'ENC[AES256_GCM,data:%s,iv:%s,tag:%s,type:str]' % (base64.b64encode(os.urandom(v)).decode(), base64.b64encode(os.urandom(32)).decode(), base64.b64encode(os.urandom(16)).decode())
F('e/sops/secrets.enc.yaml', 'https://github.com/getsops/sops#usage (encrypted values)', '''db_password: ''' + sops(14) + ''' ⟦l:e⟧
api_token: ''' + sops(32) + ''' ⟦l:e⟧
sops:
    age:
        - recipient: age1''' + R('lower', 58) + '''
    lastmodified: "2024-03-04T10:11:12Z"
    mac: ''' + sops(32).replace('type:str', 'type:str') + ''' ⟦l:e⟧
    version: 3.8.1
''')
F('e/sops/.env.enc', 'https://github.com/getsops/sops#encrypting-dotenv-files', '''DB_PASSWORD=''' + sops(16) + ''' ⟦l:e⟧
''')
vault_hex = ''.join(R('hex', 80) + '\n' for _ in range(5))
F('e/ansible/vault.yml', 'https://docs.ansible.com/ansible/latest/vault_guide/vault_encrypting_content.html#encrypting-files-with-ansible-vault', '$ANSIBLE_VAULT;1.1;AES256 ⟦l:e⟧\n' + vault_hex)
F('e/ansible/inline.yml', 'https://docs.ansible.com/ansible/latest/vault_guide/vault_encrypting_content.html#encrypting-individual-variables-with-ansible-vault', '''db_user: app
db_password: !vault | ⟦l:e⟧
          $ANSIBLE_VAULT;1.1;AES256 ⟦l:e⟧
''' + ''.join('          ' + R('hex', 80) + '\n' for _ in range(4)))
F('e/github/workflow.yml', 'https://docs.github.com/en/actions/security-for-github-actions/security-guides/using-secrets-in-github-actions', '''jobs:
  deploy:
    runs-on: ubuntu-latest
    env:
      DB_PASSWORD: ${{ secrets.DB_PASSWORD }} ⟦l:e⟧
      API_TOKEN: ${{ secrets.API_TOKEN }} ⟦l:e⟧
''')
F('e/lockfiles/package-lock.json', 'npm lockfile shape (integrity hashes)', '''{
  "packages": {
    "node_modules/left-pad": {
      "version": "1.3.0",
      "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz",
      "integrity": "sha512-''' + base64.b64encode(os.urandom(64)).decode() + '''" ⟦l:e⟧
    }
  }
}
''')

def mark(path, needle, tag):
    for i, (p, pr, t) in enumerate(FILES):
        if p == path:
            lines = t.split('\n')
            j = next(k for k, l in enumerate(lines) if needle in l)
            lines[j] += ' ⟦%s⟧' % tag
            FILES[i] = (p, pr, '\n'.join(lines))
            return
    raise SystemExit(path)
mark('d/gcp/service-account.json', '"private_key":', 's:d')
mark('d/terraform/terraform.tfstate', '"private_key_pem":', 's:d')
mark('d/jwk/signing-key.json', '"d":', 's:d')
mark('d/jwk/public.json', '"x":', 'n:d')
# ---------- write ----------
if os.path.exists(OUT): shutil.rmtree(OUT)
labels = []; prov = []
salt_al = string.ascii_letters + string.digits + '!@#$%^&*()-_[]{}<>~`+=,.;:/?|'
for path, p, text in FILES:
    text = sub(text)
    while '{SALT}' in text:
        text = text.replace('{SALT}', ''.join(random.choice(salt_al) for _ in range(64)).replace("'", '!'), 1)
    out_lines = []
    for i, line in enumerate(text.split('\n'), 1):
        m = re.search(r' ⟦([snl]):([a-e])⟧', line)
        if m:
            line = line[:m.start()] + line[m.end():]
            labels.append((path, i, m.group(2), {'s': 'secret', 'n': 'near', 'l': 'near-low'}[m.group(1)]))
        assert '⟦' not in line, (path, line)
        out_lines.append(line)
    full = os.path.join(OUT, 'samples', path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    open(full, 'w').write('\n'.join(out_lines))
    prov.append((path, p))
with open(os.path.join(OUT, 'labels.tsv'), 'w') as f:
    f.write('# path\tline\tclass\tkind (secret | near = no finding allowed | near-low = allowed only at low confidence)\n')
    for l in labels: f.write('%s\t%d\t%s\t%s\n' % l)
with open(os.path.join(OUT, 'PROVENANCE.tsv'), 'w') as f:
    f.write('# path\tprovenance\n')
    for p in prov: f.write('%s\t%s\n' % p)
from collections import Counter
print(Counter((c, k) for _, _, c, k in labels), len(labels), len(FILES))
