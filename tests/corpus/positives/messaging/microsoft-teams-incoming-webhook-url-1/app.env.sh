# generated
MICROSOFT_TEAMS_INCOMING_WEBHOOK_URL=outlook.office.com/webhook/39679cd3-e730-4dd8-9e86-f7957993ac51@a597dd1b-ee32-4308-8e1e-30495b565cc2/IncomingWebhook/d1689fa27a31afb251f7162a49302780/08c7ac49-f933-4775-bba7-ba7ce3ff1bc1
