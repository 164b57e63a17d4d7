curl -sf https://api.example.com/v1/ping \
  -H "Authorization: Basic ZGVwbG95OmRvcl92MV9hMDlhZjk1NTFkNDAzZWQ3NGEyNDc5MWQ3ZGFjNmVmYWUzM2U5MDczYjE3OTRlMzJmMWQ0Y2VkM2JhMTI2YjVm"
