// The local chat page: a Direct Line token from this server, then Web Chat (polling, no WebSocket).
// A file of its own (not inline) so that the page's Content-Security-Policy allows only this origin's scripts.
(async function () {
  'use strict';
  var status = document.getElementById('status');
  function fail(message) {
    status.textContent = message;
    status.style.display = 'block';
  }
  if (!window.WebChat) {
    fail('对话组件没有加载（/webchat.js）。请确认服务器正在运行，然后刷新页面。');
    return;
  }

  // One user id per browser, kept across reloads: the bot keeps each user's forms by this id.
  var KEY = 'jixiao.userId';
  var userId = null;
  try { userId = localStorage.getItem(KEY); } catch (e) { /* storage blocked: a new id per load */ }
  if (!userId || !/^[A-Za-z0-9_\-.:@]{1,64}$/.test(userId)) {
    var bytes = crypto.getRandomValues(new Uint8Array(12));
    userId = 'u_' + Array.prototype.map.call(bytes, function (b) { return b.toString(16).padStart(2, '0'); }).join('');
    try { localStorage.setItem(KEY, userId); } catch (e) { /* ignore */ }
  }

  var domain = location.origin + '/v3/directline';
  var token;
  try {
    var res = await fetch(domain + '/tokens/generate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: { id: userId, name: '我' }, locale: 'zh-CN' })
    });
    if (!res.ok) throw new Error('HTTP ' + res.status);
    token = (await res.json()).token;
  } catch (e) {
    fail('无法连接到助手（' + e.message + '）。请确认 npm start 正在运行，然后刷新页面。');
    return;
  }

  var directLine = window.WebChat.createDirectLine({ domain: domain, token: token, webSocket: false, pollingInterval: 500 });
  var styleOptions = {
    primaryFont: getComputedStyle(document.documentElement).getPropertyValue('--cjk'),
    accent: '#1d4ed8',
    backgroundColor: '#f8fafc',
    botAvatarInitials: '绩',
    userAvatarInitials: '我',
    avatarSize: 36,
    botAvatarBackgroundColor: '#1d4ed8',
    userAvatarBackgroundColor: '#64748b',
    bubbleBackground: '#ffffff',
    bubbleBorderColor: '#dbe2ea',
    bubbleBorderRadius: 10,
    bubbleFromUserBackground: '#1d4ed8',
    bubbleFromUserTextColor: '#ffffff',
    bubbleFromUserBorderColor: '#1d4ed8',
    bubbleFromUserBorderRadius: 10,
    bubbleMaxWidth: 640,
    suggestedActionLayout: 'flow',
    suggestedActionBorderRadius: 16,
    suggestedActionBackgroundColor: '#ffffff',
    suggestedActionBorderColor: '#1d4ed8',
    suggestedActionTextColor: '#1d4ed8',
    sendBoxTextWrap: true,
    hideUploadButton: false,
    uploadAccept: '.docx,.json,.txt',
    uploadMultiple: false,
    sendAttachmentOn: 'attach',
    timestampFormat: 'absolute'
  };
  window.WebChat.renderWebChat(
    { directLine: directLine, userID: userId, username: '我', locale: 'zh-CN', styleOptions: styleOptions },
    document.getElementById('webchat')
  );
})();
