% Flotilla SKB engine bootstrap: Projog's own built-ins, loaded through the SKB's sandbox.
% Operators are not defined yet, so every term here is written in canonical form.
'?-'( pj_add_predicate('/'(skb_load_builtins, 0), 'dev.flotilla.skb.engine.SandboxBootstrap') ).
'?-'( skb_load_builtins ).
