$user = "CORP\svc-backup"
$secure = ConvertTo-SecureString "P@ssw0rd123" -AsPlainText -Force
$cred = New-Object System.Management.Automation.PSCredential($user, $secure)
$envSecure = ConvertTo-SecureString $env:ADMIN_PW -AsPlainText -Force
$prompt = Read-Host -AsSecureString "Password"
