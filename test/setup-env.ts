// The AWS SDK warns about Node 20 on every client; the warning is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// `plan --offline` checks that the config's profiles exist: by default the tests' AWS config file holds
// the example's two profiles (never the developer's own ~/.aws). Tests of credentials set their own files.
process.env.AWS_CONFIG_FILE = require('node:path').join(__dirname, 'fixtures', 'aws-config');
process.env.AWS_SHARED_CREDENTIALS_FILE = require('node:path').join(__dirname, 'fixtures', 'no-credentials');
