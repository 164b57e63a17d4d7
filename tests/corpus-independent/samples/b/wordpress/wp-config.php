<?php
/** The name of the database for WordPress */
define( 'DB_NAME', 'wp_blog' );

/** Database username */
define( 'DB_USER', 'wp_blog' );

/** Database password */
define( 'DB_PASSWORD', 'wPcJVCwu4pakrJjk' );

define( 'DB_HOST', 'localhost' );
define( 'DB_CHARSET', 'utf8mb4' );

define('AUTH_KEY',         'ELnCF2fC7+@wh^jh}{G1^&`>%5R*O}vAHndb}=]+*sZGM5+Z@z/@+YecqpKzDH~T');
define('SECURE_AUTH_KEY',  'mVz!XJo5AY:9.)]{dnRfL..GdO)Y#y;C9Fgwh+Wg9wF{ng7Z6&]Lr#E0FKJMFpV]');
define('LOGGED_IN_KEY',    'pRPKmkR?8dA&7kiaPzRIe}vAGxpJ{(<7wKs6TKMZ=J)mYe?n$R+;X4#@Jq*BXbFM');
define('NONCE_KEY',        '>K!@&EH5b9[N>BMLj}U=MW2a;tlv>L]n!s7:}F3N+[%PM4arE7UmT*Tj/<>b[;@o');
define('AUTH_SALT',        'v~&ze5X)29=WLV%MU&qx[Z]]NzP^j@;2PFeqe}bDmP/`qrR=YWcdws0G2g<19<qc');
define('SECURE_AUTH_SALT', 'vr6dI>k|!<j`6iPnM5{)E{$BXWy}R[n&tsF_e1{9fYA&_r52N7}a-tI|I(u^cZeL');
define('LOGGED_IN_SALT',   'nrT_:8YD.,i6~xsYffehmlUQ5h5T|#ub;&-vg~A.>?HI_Z|!.idG$9)b4<`6i|>h');
define('NONCE_SALT',       ']^}FWv.781$MX2L3%VhYzTk5J]=0Yh[YaT;e}S3E|,~hH1*Oy?x]S}wdSksuhD,0');

$table_prefix = 'wp_';
define( 'WP_DEBUG', false );
